package io.cyberbrain.model.run;

import java.util.List;

/**
 * What any caller (REST, MCP, web UI, scheduler) asks the launch path for. Task keys are raw strings
 * so the one validation in {@link RunLaunchService} sees exactly what the caller sent.
 */
public record LaunchRequest(
        List<String> tasks,
        Long directiveId,
        String customDirectiveText,
        boolean useRag,
        String task3Scope,
        RunTrigger trigger,
        String requestedBy,
        Long scheduleId) {
}
