package io.cyberbrain.model.run;

import java.util.List;
import io.cyberbrain.policy.LogScope;

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
        Long scheduleId,
        LogScopeInput logScope) {

    /** A launch that reads everything (no scope). */
    public LaunchRequest(List<String> tasks, Long directiveId, String customDirectiveText, boolean useRag, String task3Scope,
                         RunTrigger trigger, String requestedBy, Long scheduleId) {
        this(tasks, directiveId, customDirectiveText, useRag, task3Scope, trigger, requestedBy, scheduleId, null);
    }

    /**
     * The log triage scope as the caller sent it, checked by the launch path ({@link LogScope#validate}); null reads
     * everything.
     */
    public record LogScopeInput(List<String> files, List<String> containers) {

        /** A stored scope ({@link LogScope#toConfig()} form, as a schedule keeps it) to launch with; null for none. */
        public static LogScopeInput of(java.util.Map<String, Object> stored) {
            LogScope scope = stored == null ? null : LogScope.fromConfig(java.util.Map.of(LogScope.CONFIG_KEY, stored));
            return scope == null ? null : new LogScopeInput(scope.files(), scope.containers());
        }
    }
}
