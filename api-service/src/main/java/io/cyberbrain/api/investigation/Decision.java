package io.cyberbrain.api.investigation;

import io.cyberbrain.api.investigation.InvestigationStore.TokenUse;
import io.cyberbrain.model.investigation.PlannerKind;

/** What a planner answered: the next step, the end, or (the model only) why it could not be used. */
sealed interface Decision {

    /** Tokens the planner spent on this decision. */
    TokenUse tokens();

    record Next(PlannedStep step, PlannerKind by, TokenUse tokens) implements Decision {
    }

    record Finish(PlannerKind by, TokenUse tokens) implements Decision {
    }

    /** The model failed, timed out or answered nonsense; the rules take over from here. */
    record Fallback(String reason, TokenUse tokens) implements Decision {
    }

    /** The call's tokens took the investigation past its token budget; what it asked for is not done. */
    record OverBudget(TokenUse tokens) implements Decision {
    }
}
