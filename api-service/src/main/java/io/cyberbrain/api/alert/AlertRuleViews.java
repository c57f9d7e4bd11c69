package io.cyberbrain.api.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import io.cyberbrain.model.alert.AlertRule;

/** Alert rules on the wire. */
public final class AlertRuleViews {

    private AlertRuleViews() {
    }

    /**
     * Create (name and action required; a run needs tasks, an investigation a goal and a directive) or update (any
     * subset; an empty text, an empty list or 0 clears a field that may be empty). Fields that take values from the
     * alert's labels ({@code containers}, {@code log_files}, {@code target_host}, {@code goal}) are templates such as
     * {@code {{ $labels.container }}}.
     */
    public record AlertRuleInput(
            @Size(min = 1, max = 200) String name,
            @Size(max = 2000) String description,
            Boolean enabled,
            Integer priority,
            @Size(max = 200) String alertName,
            @Size(max = 50) Map<String, String> matchLabels,
            @Size(max = 50) Map<String, String> matchRegex,
            String action,
            @Size(max = 3) List<String> tasks,
            Long directiveId,
            Boolean useRag,
            String task3Scope,
            @Size(max = 50) List<String> containers,
            @Size(max = 50) List<String> logFiles,
            @Size(max = 300) String targetHost,
            @Size(max = 2000) String goal,
            Integer maxSteps,
            Integer maxWallSeconds,
            Long maxTokens) {
    }

    public record AlertRuleView(long id, String name, String description, boolean enabled, int priority, String alertName,
                                Map<String, String> matchLabels, Map<String, String> matchRegex, String action,
                                List<String> tasks, Long directiveId, boolean useRag, String task3Scope,
                                List<String> containers, List<String> logFiles, String targetHost, String goal,
                                Integer maxSteps, Integer maxWallSeconds, Long maxTokens, Instant createdAt,
                                Instant updatedAt) {

        public static AlertRuleView of(AlertRule r) {
            return new AlertRuleView(r.id, r.name, r.description, r.enabled, r.priority, r.alertName, map(r.matchLabels),
                    map(r.matchRegex), r.action.wire(), list(r.tasks), r.directiveId, r.useRag,
                    r.task3Scope == null ? null : r.task3Scope.wire(), list(r.containers), list(r.logFiles), r.targetHost,
                    r.goal, r.maxSteps, r.maxWallSeconds, r.maxTokens, r.createdAt, r.updatedAt);
        }

        private static Map<String, String> map(Map<String, String> m) {
            return m == null ? Map.of() : m;
        }

        private static List<String> list(String[] a) {
            return a == null ? List.of() : List.of(a);
        }
    }
}
