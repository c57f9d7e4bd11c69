package io.cyberbrain.api.investigation;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/** Starts an investigation for an alert; alert routing calls it for rules whose action is an investigation. */
public interface InvestigationStarter {

    /** Starts the investigation and answers its id. */
    Uni<Long> startFromAlert(AlertInvestigation request);

    /** What an alert rule asks for: the goal, the bounding directive and budgets (null: the defaults). */
    record AlertInvestigation(long alertId, String goal, long directiveId, Map<String, String> labels,
                              Integer maxSteps, Integer maxWallSeconds, Long maxTokens) {
    }
}
