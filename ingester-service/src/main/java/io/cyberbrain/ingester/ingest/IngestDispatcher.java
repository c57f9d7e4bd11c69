package io.cyberbrain.ingester.ingest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cyberbrain.model.claim.ClaimWork;
import io.cyberbrain.model.claim.ConsumerLiveness;
import io.cyberbrain.model.claim.QueueConsumer;
import io.cyberbrain.model.claim.QueueConsumers;
import io.cyberbrain.model.claim.QueueSettings;
import io.cyberbrain.model.rag.RagEvents;
import io.cyberbrain.model.rag.UploadClaims;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Claims queued uploads and ingests them, up to the configured concurrency, through a {@link QueueConsumer}: woken
 * by NOTIFY (the API's upload), by polling and whenever an upload ends. Tika, ONNX and file reads block, so they
 * run on the consumer's threads, never on the event loop. An upload whose lease was lost stops at its next fenced
 * write, and one in flight at shutdown is given back and interrupted; nothing of either is stored.
 */
@ApplicationScoped
public class IngestDispatcher implements ClaimWork {

    private static final Logger LOG = Logger.getLogger(IngestDispatcher.class);

    private final UploadIngester ingester;
    private final IngestConfig config;
    private final String owner;
    private final QueueConsumer consumer;

    public IngestDispatcher(QueueConsumers consumers, UploadIngester ingester, IngestConfig config, IngesterIdentity identity) {
        this.ingester = ingester;
        this.config = config;
        this.owner = identity.name();
        this.consumer = consumers.create(new QueueSettings("upload", UploadClaims.SPEC, owner, config.concurrency(),
                new QueueSettings.Timing(config.lease(), config.heartbeatInterval(), config.pollInterval(),
                        config.livenessIntervals()),
                Optional.of(RagEvents.UPLOADS_CHANNEL), QueueSettings.OnStop.GIVE_BACK_AND_INTERRUPT), this);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("ingester disabled (cyberbrain.ingest.enabled=false): claiming no uploads");
            return;
        }
        consumer.start();
        LOG.infof("ingester %s: %d upload(s) at a time", owner, config.concurrency());
    }

    @Override
    public void run(long uploadId) {
        ingester.ingest(uploadId, owner);
    }

    /** For readiness: whether the upload consumer still claims and heart-beats. */
    public ConsumerLiveness liveness() {
        return config.enabled() ? consumer.liveness() : ConsumerLiveness.DISABLED;
    }

    void onStop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
