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
        LogScopeInput logScope,
        TargetInput target) {

    /** A launch that reads everything (no scope) where the default puts it (no target). */
    public LaunchRequest(List<String> tasks, Long directiveId, String customDirectiveText, boolean useRag, String task3Scope,
                         RunTrigger trigger, String requestedBy, Long scheduleId) {
        this(tasks, directiveId, customDirectiveText, useRag, task3Scope, trigger, requestedBy, scheduleId, null, null);
    }

    /** A launch where the default puts it (no target). */
    public LaunchRequest(List<String> tasks, Long directiveId, String customDirectiveText, boolean useRag, String task3Scope,
                         RunTrigger trigger, String requestedBy, Long scheduleId, LogScopeInput logScope) {
        this(tasks, directiveId, customDirectiveText, useRag, task3Scope, trigger, requestedBy, scheduleId, logScope, null);
    }

    /**
     * Where the run's jobs run, as the caller sent it ({@code {"host": ...}}, {@code {"labels": {...}}}, {@code {"all":
     * true}} with or without labels), checked by the launch path ({@link io.cyberbrain.model.host.Target#validate}); null
     * for the default.
     */
    public record TargetInput(String host, java.util.Map<String, String> labels, Boolean all) {

        /** A stored target ({@link io.cyberbrain.model.host.Target#toConfig()} form, as a schedule keeps it); null for none. */
        public static TargetInput of(java.util.Map<String, Object> stored) {
            io.cyberbrain.model.host.Target t = io.cyberbrain.model.host.Target.fromConfig(stored);
            return t == null ? null : new TargetInput(t.host(), t.labels().isEmpty() ? null : t.labels(), t.all() ? Boolean.TRUE : null);
        }
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
