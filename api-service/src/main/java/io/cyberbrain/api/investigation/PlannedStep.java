package io.cyberbrain.api.investigation;

import java.util.Map;

import io.cyberbrain.model.investigation.InvestigationTool;

/** A tool and its validated arguments, as a planner chose them. */
record PlannedStep(InvestigationTool tool, Map<String, Object> arguments) {

    PlannedStep {
        arguments = Map.copyOf(arguments);
    }

    /** Whether a recorded step is this one (same tool, same arguments). */
    boolean sameAs(InvestigationState.Step step) {
        return step.tool() == tool && Map.copyOf(step.arguments()).equals(arguments);
    }
}
