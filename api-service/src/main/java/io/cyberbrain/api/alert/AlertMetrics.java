package io.cyberbrain.api.alert;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.alert.AlertDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code cyberbrain_alerts_received_total{rule, decision}}: alerts by the rule that routed them (its id; {@code none}
 * when none did) and the decision. The no-rule series exist from the start, so they read 0 before the first alert.
 */
@Startup
@ApplicationScoped
public class AlertMetrics {

    static final String NAME = "cyberbrain.alerts.received";
    static final String NO_RULE = "none";

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AlertDecision decision : AlertDecision.values()) {
            counter(NO_RULE, decision);
        }
    }

    void count(Long ruleId, AlertDecision decision) {
        counter(ruleId == null ? NO_RULE : ruleId.toString(), decision).increment();
    }

    private Counter counter(String rule, AlertDecision decision) {
        return Counter.builder(NAME).description("Alerts received, by the rule that routed them and the decision")
                .tag("rule", rule).tag("decision", decision.wire()).register(registry);
    }
}
