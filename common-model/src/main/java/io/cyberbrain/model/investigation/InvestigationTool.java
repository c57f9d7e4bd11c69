package io.cyberbrain.model.investigation;

import java.util.Optional;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/**
 * What a step does. The first three are task runs through the launch path; {@link #PLANNER_FALLBACK} is not a tool
 * but the record that the model failed and the deterministic planner took over (it counts no step).
 */
public enum InvestigationTool implements WireEnum {
    LOG_TRIAGE, GPU_REPORT, SERVICE_MAP, LIBRARY_SEARCH, COMPARE_LAST_SUCCESS, GPU_HISTORY, PLANNER_FALLBACK;

    /** The task this tool runs, for the three run tools. */
    public Optional<TaskKey> task() {
        return switch (this) {
            case LOG_TRIAGE -> Optional.of(TaskKey.LOG_TRIAGE);
            case GPU_REPORT -> Optional.of(TaskKey.GPU_REPORT);
            case SERVICE_MAP -> Optional.of(TaskKey.SERVICE_MAP);
            default -> Optional.empty();
        };
    }

    /** The tools a planner may choose (not the fallback record). */
    public static InvestigationTool[] plannable() {
        return new InvestigationTool[] {LOG_TRIAGE, GPU_REPORT, SERVICE_MAP, LIBRARY_SEARCH, COMPARE_LAST_SUCCESS, GPU_HISTORY};
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<InvestigationTool> {
        public Converter() {
            super(InvestigationTool.class);
        }
    }
}
