package io.cyberbrain.api.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAlias;

import io.cyberbrain.api.run.LaunchInput;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.schedule.Schedule;
import io.cyberbrain.model.schedule.ScheduledRun;

/** The wire shapes of schedules: what clients send and what they get back. */
public final class ScheduleViews {

    private ScheduleViews() {
    }

    /**
     * Create (name, job and timing required) or update (any subset). {@code job} is a task key
     * ({@code log_triage}, {@code gpu_report}, {@code service_map}) or its alias task1..task3.
     */
    public record ScheduleInput(
            @Size(min = 1, max = 200) String name,
            @JsonAlias({"task_key", "job_key"}) String job,
            Long directiveId,
            @Size(max = 20_000) String customDirectiveText,
            Boolean enabled,
            String scheduleType,
            Integer intervalMinutes,
            @Size(max = 200) String cronExpr,
            @Size(max = 64) String timezone,
            Instant runOnceAt,
            String task3Scope,
            Boolean useRag,
            Integer maxGlobal,
            Integer maxPerJob,
            LaunchInput.LogScopeInput logScope,
            @Schema(description = "Where each fire's run goes, as on POST /api/runs; with all: true every fire fans out to "
                    + "the hosts online then. An empty object clears it (the default placement)")
            LaunchInput.TargetInput target) {

        /** A schedule input without a log scope or target. */
        public ScheduleInput(String name, String job, Long directiveId, String customDirectiveText, Boolean enabled,
                             String scheduleType, Integer intervalMinutes, String cronExpr, String timezone, Instant runOnceAt,
                             String task3Scope, Boolean useRag, Integer maxGlobal, Integer maxPerJob) {
            this(name, job, directiveId, customDirectiveText, enabled, scheduleType, intervalMinutes, cronExpr, timezone,
                    runOnceAt, task3Scope, useRag, maxGlobal, maxPerJob, null, null);
        }

        /** A schedule input without a target. */
        public ScheduleInput(String name, String job, Long directiveId, String customDirectiveText, Boolean enabled,
                             String scheduleType, Integer intervalMinutes, String cronExpr, String timezone, Instant runOnceAt,
                             String task3Scope, Boolean useRag, Integer maxGlobal, Integer maxPerJob,
                             LaunchInput.LogScopeInput logScope) {
            this(name, job, directiveId, customDirectiveText, enabled, scheduleType, intervalMinutes, cronExpr, timezone,
                    runOnceAt, task3Scope, useRag, maxGlobal, maxPerJob, logScope, null);
        }
    }

    /** The timing part alone, for {@code POST /api/schedules/preview}. */
    public record PreviewInput(
            String scheduleType,
            Integer intervalMinutes,
            @Size(max = 200) String cronExpr,
            @Size(max = 64) String timezone,
            Instant runOnceAt,
            Integer count) {
    }

    @Schema(name = "SchedulePreview")
    public record Preview(String description, String timezone, List<Instant> nextFireTimes) {
    }

    public record JobRef(long id, String taskKey) {
    }

    /** The directive a schedule launches with: a directive by id, or custom text (shown shortened). */
    public record DirectiveSummary(Long id, String code, String name, String customTextPreview) {

        static final int PREVIEW_CHARS = 80;

        /** See {@link Directive#label}. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public String label() {
            return Directive.label(code, name);
        }

        static DirectiveSummary of(Schedule s, Directive d) {
            if (s.customDirectiveText != null) {
                String text = s.customDirectiveText.strip();
                return new DirectiveSummary(null, "D4", "custom",
                        text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS - 3) + "...");
            }
            return d == null ? null : new DirectiveSummary(d.id, d.code, d.name, null);
        }
    }

    public record ScheduleView(
            long id,
            String name,
            JobRef job,
            DirectiveSummary directive,
            boolean enabled,
            String scheduleType,
            Integer intervalMinutes,
            String cronExpr,
            String timezone,
            Instant runOnceAt,
            String description,
            String task3Scope,
            boolean useRag,
            Integer maxGlobal,
            Integer maxPerJob,
            Map<String, Object> logScope,
            @Schema(description = "Where each fire's run goes ({\"host\"}, {\"labels\"} or {\"all\": true}); null for "
                    + "the default") Map<String, Object> target,
            Instant nextRunAt,
            Instant lastRunAt,
            Instant createdAt,
            Instant updatedAt) {

        public static ScheduleView of(ScheduleService.Loaded loaded) {
            Schedule s = loaded.schedule();
            Job job = loaded.job();
            return new ScheduleView(s.id, s.name, new JobRef(job.id, job.taskKey.wire()),
                    DirectiveSummary.of(s, loaded.directive()), s.enabled, s.scheduleType.wire(), s.intervalMinutes, s.cronExpr,
                    s.timezone, s.runOnceAt, loaded.description(), s.task3Scope.wire(), s.useRag, s.maxGlobal, s.maxPerJob,
                    s.logScope, s.target, s.nextRunAt, s.lastRunAt, s.createdAt, s.updatedAt);
        }
    }

    /** One fire: launched (then the run's outcome), skipped by a concurrency limit, or failed with the reason. */
    public record FireView(long id, long scheduleId, Long runId, String status, Instant firedFor, Instant startedAt,
                           Instant finishedAt, String errorSummary) {

        public static FireView of(ScheduledRun r) {
            return new FireView(r.id, r.scheduleId, r.runId, r.status.wire(), r.firedFor, r.startedAt, r.finishedAt,
                    r.errorSummary);
        }
    }
}
