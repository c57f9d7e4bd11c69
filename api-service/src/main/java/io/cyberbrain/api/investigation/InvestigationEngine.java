package io.cyberbrain.api.investigation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.ClaimWork;
import io.cyberbrain.model.claim.ConsumerLiveness;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.claim.LeaseOwnerNames;
import io.cyberbrain.model.claim.QueueConsumer;
import io.cyberbrain.model.claim.QueueConsumers;
import io.cyberbrain.model.claim.QueueSettings;
import io.cyberbrain.model.investigation.InvestigationClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Drives investigations from the database: a {@link QueueConsumer} claims the open ones that are ready (new, woken by
 * their run, cancelled, out of time) with the one claim/lease mechanism, and {@link InvestigationStepper} advances
 * each as far as it can go now. Nothing lives only in memory: an engine killed at any point leaves a lease that
 * expires, and another engine (or this one restarted) continues from the steps recorded.
 */
@ApplicationScoped
public class InvestigationEngine implements ClaimWork {

    private static final Logger LOG = Logger.getLogger(InvestigationEngine.class);

    private final InvestigationStepper stepper;
    private final InvestigationConfig config;
    private final String owner;
    private final QueueConsumer consumer;

    public InvestigationEngine(QueueConsumers consumers, InvestigationStepper stepper, InvestigationConfig config) {
        this.stepper = stepper;
        this.config = config;
        this.owner = LeaseOwnerNames.of(config.instanceId(), "api");
        this.consumer = consumers.create(new QueueSettings("investigation", InvestigationClaims.SPEC, owner,
                config.concurrency(), new QueueSettings.Timing(config.lease(), config.heartbeatInterval(),
                config.pollInterval(), config.livenessIntervals()),
                Optional.of(InvestigationClaims.CHANNEL), QueueSettings.OnStop.GIVE_BACK_AND_INTERRUPT), this);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("investigation engine disabled (cyberbrain.investigation.enabled=false): advancing none here");
            return;
        }
        consumer.start();
        LOG.infof("investigation engine %s: %d at a time", owner, config.concurrency());
    }

    @Override
    public void run(long id) {
        stepper.advance(id, owner);
    }

    @Override
    public void recovered(LeaseClaimer.Recovery recovery) {
        recovery.givenUp().forEach(stepper::reportGivenUp);
    }

    /** For readiness: whether the engine still claims and heart-beats. */
    public ConsumerLiveness liveness() {
        return config.enabled() ? consumer.liveness() : ConsumerLiveness.DISABLED;
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
