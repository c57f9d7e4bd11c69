package io.cyberbrain.api.investigation;

import java.util.Map;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/investigations} (and {@code /api/agent-runs}). Left-out budgets take the defaults. */
public record InvestigationInput(
        @Schema(description = "What to find out, in plain words (1 to 2,000 characters)", maxLength = 2000) String goal,
        @Schema(description = "The directive that bounds what may run (GET /api/directives)") Long directiveId,
        @Schema(description = "Labels the deterministic planner reads (e.g. container, alertname)") @Size(max = 50)
        Map<String, String> labels,
        @Schema(description = "Most steps; default and maximum are configured") Integer maxSteps,
        @Schema(description = "Most wall time in seconds; default and maximum are configured") Integer maxWallSeconds,
        @Schema(description = "Most LLM tokens (prompt and completion); default and maximum are configured") Long maxTokens) {
}
