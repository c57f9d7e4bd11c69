package io.cyberbrain.api.investigation;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.investigation.InvestigationStore.TokenUse;
import io.cyberbrain.model.investigation.PlannerKind;

/** The planner of an investigation's next step: the model while it behaves, the rules otherwise. */
@ApplicationScoped
public class Planners {

    private final ModelPlanner model;

    public Planners(ModelPlanner model) {
        this.model = model;
    }

    Decision next(InvestigationState state) {
        if (state.planner() == PlannerKind.LLM && !state.fellBack()) {
            return model.next(state);
        }
        return rules(state);
    }

    static Decision rules(InvestigationState state) {
        return DeterministicPlanner.next(state)
                .<Decision>map(step -> new Decision.Next(step, PlannerKind.DETERMINISTIC, TokenUse.NONE))
                .orElseGet(() -> new Decision.Finish(PlannerKind.DETERMINISTIC, TokenUse.NONE));
    }
}
