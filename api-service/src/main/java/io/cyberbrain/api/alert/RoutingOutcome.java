package io.cyberbrain.api.alert;

import io.cyberbrain.model.alert.AlertDecision;

/** What routing an alert to its rule's action came to: the decision, why (when refused), and what was opened. */
record RoutingOutcome(AlertDecision decision, String detail, Long runId, Long investigationId, String targetHost) {

    static RoutingOutcome refused(AlertDecision decision, String detail) {
        return new RoutingOutcome(decision, detail, null, null, null);
    }
}
