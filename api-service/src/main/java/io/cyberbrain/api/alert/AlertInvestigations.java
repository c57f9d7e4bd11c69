package io.cyberbrain.api.alert;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.investigation.InvestigationStarter;
import io.cyberbrain.api.investigation.InvestigationStarter.AlertInvestigation;
import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.error.CyberbrainException;
import io.smallrye.mutiny.Uni;

/**
 * The one place alert routing reaches investigations: a rule that asks for one starts it, and a start the
 * investigation rules refuse is recorded as {@code investigation_refused} instead of failing the alert.
 */
@ApplicationScoped
public class AlertInvestigations {

    private final InvestigationStarter starter;

    public AlertInvestigations(InvestigationStarter starter) {
        this.starter = starter;
    }

    Uni<RoutingOutcome> start(AlertInvestigation request) {
        return Uni.createFrom().deferred(() -> starter.startFromAlert(request))
                .map(id -> new RoutingOutcome(AlertDecision.INVESTIGATION_STARTED, null, null, id, null))
                .onFailure(CyberbrainException.class)
                .recoverWithItem(e -> RoutingOutcome.refused(AlertDecision.INVESTIGATION_REFUSED, e.getMessage()));
    }
}
