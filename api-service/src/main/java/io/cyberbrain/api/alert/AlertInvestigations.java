package io.cyberbrain.api.alert;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.cyberbrain.api.investigation.InvestigationStarter;
import io.cyberbrain.api.investigation.InvestigationStarter.AlertInvestigation;
import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.error.CyberbrainException;
import io.smallrye.mutiny.Uni;

/**
 * The one place alert routing reaches investigations. Until a build has an {@link InvestigationStarter}, a rule that
 * asks for one records {@code investigation_unavailable} instead of failing the alert.
 */
@ApplicationScoped
public class AlertInvestigations {

    private final Instance<InvestigationStarter> starters;

    public AlertInvestigations(Instance<InvestigationStarter> starters) {
        this.starters = starters;
    }

    Uni<RoutingOutcome> start(AlertInvestigation request) {
        if (!starters.isResolvable()) {
            return Uni.createFrom().item(RoutingOutcome.refused(AlertDecision.INVESTIGATION_UNAVAILABLE,
                    "this build cannot start investigations"));
        }
        return Uni.createFrom().deferred(() -> starters.get().startFromAlert(request))
                .map(id -> new RoutingOutcome(AlertDecision.INVESTIGATION_STARTED, null, null, id, null))
                .onFailure(CyberbrainException.class)
                .recoverWithItem(e -> RoutingOutcome.refused(AlertDecision.INVESTIGATION_REFUSED, e.getMessage()));
    }
}
