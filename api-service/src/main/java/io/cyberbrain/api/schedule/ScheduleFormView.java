package io.cyberbrain.api.schedule;

import java.util.List;

import io.cyberbrain.api.directive.DirectiveView;

/**
 * The schedule form, new or editing: what is in its fields, the directives to pick from, and why a save was refused.
 * {@code runOnceAt} is the wall time as typed ({@code 2026-12-01T03:00}), read in the form's timezone.
 */
public record ScheduleFormView(Long id, String name, String job, String scheduleType, Integer intervalMinutes,
                               String cronExpr, String timezone, String runOnceAt, Long directiveId, String customText,
                               boolean enabled, boolean useRag, String scope, Integer maxGlobal, Integer maxPerJob,
                               List<DirectiveView> directives, String error) {

    public boolean isNew() {
        return id == null;
    }

    public String action() {
        return id == null ? "/ui/schedules" : "/ui/schedules/" + id;
    }

    public boolean is(String type) {
        return type.equals(scheduleType);
    }

    public boolean jobIs(String task) {
        return task.equals(job);
    }

    public boolean directiveChosen(Long candidate) {
        return candidate != null && candidate.equals(directiveId);
    }
}
