package io.cyberbrain.api.investigation;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.investigation.PlannerKind;

/** Which planner an investigation starts with: the local model when one is configured, else the rules. */
@ApplicationScoped
public class PlannerChoice {

    private final InvestigationConfig config;

    public PlannerChoice(InvestigationConfig config) {
        this.config = config;
    }

    public PlannerKind configured() {
        InvestigationConfig.Llm llm = config.llm();
        boolean set = llm.endpoint().filter(e -> !e.isBlank()).isPresent() && llm.model().filter(m -> !m.isBlank()).isPresent();
        return set ? PlannerKind.LLM : PlannerKind.DETERMINISTIC;
    }
}
