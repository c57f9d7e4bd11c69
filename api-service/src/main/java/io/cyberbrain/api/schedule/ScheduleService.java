package io.cyberbrain.api.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.run.LaunchInput;
import io.cyberbrain.api.schedule.ScheduleViews.Preview;
import io.cyberbrain.api.schedule.ScheduleViews.PreviewInput;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleInput;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.Task3Scope;
import io.cyberbrain.model.schedule.Schedule;
import io.cyberbrain.model.schedule.ScheduleEvents;
import io.cyberbrain.model.schedule.ScheduleFiring;
import io.cyberbrain.model.schedule.ScheduleType;
import io.cyberbrain.model.schedule.ScheduledRun;
import io.cyberbrain.model.schedule.Timing;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.host.Target;
import io.cyberbrain.policy.LogScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Schedules as the API manages them. Every change recomputes the next fire time and wakes the scheduler
 * instances (NOTIFY in the same transaction); firing itself is the scheduler service's, except run-now, which
 * fires here through the same {@link ScheduleFiring}.
 */
@ApplicationScoped
public class ScheduleService {

    public static final int MAX_PREVIEW = 20;
    static final int DEFAULT_PREVIEW = 5;

    private final Clock clock;
    private final ScheduleFiring firing;
    private final PathsConfig paths;

    public ScheduleService(Clock clock, ScheduleFiring firing, PathsConfig paths) {
        this.clock = clock;
        this.firing = firing;
        this.paths = paths;
    }

    /** A schedule with what its view shows: its job, its directive and the description of its timing. */
    public record Loaded(Schedule schedule, Job job, Directive directive, String description) {
    }

    public Uni<Page<Loaded>> list(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(Schedule.<Schedule>findAll(Sort.by("name")), page)
                .flatMap(p -> related(p.items()).map(loader -> p.map(loader))));
    }

    public Uni<Loaded> get(long id) {
        return Panache.withSession(() -> find(id).flatMap(this::load));
    }

    public Uni<Loaded> create(ScheduleInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input.name() == null || input.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        if (input.job() == null) {
            errors.add(new FieldError("job", "is required: " + TaskKey.allowed()));
        }
        if (input.scheduleType() == null) {
            errors.add(new FieldError("schedule_type", "is required: " + WireEnum.allowed(ScheduleType.class)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Instant now = clock.instant();
        Schedule s = new Schedule();
        s.name = input.name().strip();
        s.createdAt = now;
        s.updatedAt = now;
        s.anchorAt = now;
        s.enabled = input.enabled() == null || input.enabled();
        applyOptions(s, input);
        applyTiming(s, input.scheduleType(), input.intervalMinutes(), input.cronExpr(), input.timezone(), input.runOnceAt(), now);
        return Panache.withTransaction(() -> jobOf(input.job())
                .flatMap(job -> {
                    s.jobId = job.id;
                    applyDirective(s, input.directiveId(), input.customDirectiveText());
                    return checkDirective(s, job).flatMap(ok -> applyLogScope(s, input, job));
                })
                .flatMap(ok -> requireUniqueName(s.name, null))
                .flatMap(ok -> s.<Schedule>persist())
                .flatMap(saved -> ScheduleEvents.changed(saved.id).replaceWith(saved))
                .flatMap(this::load));
    }

    public Uni<Loaded> update(long id, ScheduleInput input) {
        if (input.name() != null && input.name().isBlank()) {
            throw new InvalidRequestException("name", "must not be blank");
        }
        return Panache.withTransaction(() -> find(id).flatMap(s -> {
            Instant now = clock.instant();
            String newName = input.name() == null ? s.name : input.name().strip();
            Uni<Void> nameCheck = newName.equals(s.name) ? Uni.createFrom().voidItem() : requireUniqueName(newName, id);
            return nameCheck.flatMap(ok -> input.job() == null ? Job.<Job>findById(s.jobId) : jobOf(input.job()))
                    .flatMap(job -> {
                        s.name = newName;
                        s.jobId = job.id;
                        if (input.directiveId() != null || input.customDirectiveText() != null) {
                            applyDirective(s, input.directiveId(), input.customDirectiveText());
                        }
                        if (input.enabled() != null) {
                            s.enabled = input.enabled();
                        }
                        applyOptions(s, input);
                        boolean timingChanged = input.scheduleType() != null || input.intervalMinutes() != null
                                || input.cronExpr() != null || input.timezone() != null || input.runOnceAt() != null;
                        if (timingChanged) {
                            s.anchorAt = now;
                            applyTiming(s, input.scheduleType() == null ? s.scheduleType.wire() : input.scheduleType(),
                                    input.intervalMinutes() == null ? s.intervalMinutes : input.intervalMinutes(),
                                    input.cronExpr() == null ? s.cronExpr : input.cronExpr(),
                                    input.timezone() == null ? s.timezone : input.timezone(),
                                    input.runOnceAt() == null ? s.runOnceAt : input.runOnceAt(), now);
                        } else {
                            s.nextRunAt = nextRun(s, now);
                        }
                        s.updatedAt = now;
                        return checkDirective(s, job).flatMap(ok -> applyLogScope(s, input, job));
                    })
                    .flatMap(ok -> ScheduleEvents.changed(s.id))
                    .flatMap(ok -> load(s));
        }));
    }

    /** Deletes the schedule and its fire history; the runs it launched stay. */
    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id)
                .flatMap(s -> s.delete().flatMap(ok -> ScheduleEvents.changed(id))));
    }

    public Uni<Loaded> setEnabled(long id, boolean enabled) {
        return Panache.withTransaction(() -> find(id).flatMap(s -> {
            Instant now = clock.instant();
            s.enabled = enabled;
            s.nextRunAt = nextRun(s, now);
            s.updatedAt = now;
            return ScheduleEvents.changed(id).flatMap(ok -> load(s));
        }));
    }

    /**
     * Fires the schedule now, enabled or not, through the scheduler's own firing (limits, launch path,
     * history); its regular next time stays as it was.
     */
    public Uni<ScheduledRun> runNow(long id, String requestedBy) {
        return Panache.withTransaction(() -> Schedule.<Schedule>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(s -> {
                    if (s == null) {
                        throw new NotFoundException("schedule", id);
                    }
                    Instant now = clock.instant();
                    s.lastRunAt = now;
                    return firing.fire(s, now, requestedBy);
                }));
    }

    public Uni<Page<ScheduledRun>> history(long id, PageRequest page) {
        return Panache.withSession(() -> find(id).flatMap(s -> Page.fetch(
                ScheduledRun.<ScheduledRun>find("scheduleId", Sort.descending("firedFor", "id"), id), page)));
    }

    /** The next fire times of a timing not saved yet, and its description; an interval counts from now. */
    public Preview preview(PreviewInput input) {
        int count = input.count() == null ? DEFAULT_PREVIEW : input.count();
        if (count < 1 || count > MAX_PREVIEW) {
            throw new InvalidRequestException("count", "must be between 1 and " + MAX_PREVIEW);
        }
        Instant now = clock.instant();
        Timing timing = Timing.of(parseType(input.scheduleType()), input.intervalMinutes(), input.cronExpr(), input.timezone(),
                input.runOnceAt(), now);
        return new Preview(timing.describe(), Timing.zone(input.timezone()).getId(), timing.preview(now, count));
    }

    // ---------------------------------------------------------------- rules

    private static void applyTiming(Schedule s, String type, Integer intervalMinutes, String cronExpr, String timezone,
                                    Instant runOnceAt, Instant now) {
        ScheduleType parsed = parseType(type);
        Timing timing = Timing.of(parsed, intervalMinutes, cronExpr, timezone, runOnceAt, s.anchorAt);
        if (parsed == ScheduleType.ONCE && !runOnceAt.isAfter(now)) {
            throw new InvalidRequestException("run_once_at", "must be in the future");
        }
        s.scheduleType = parsed;
        s.intervalMinutes = intervalMinutes;
        s.cronExpr = parsed == ScheduleType.CRON ? cronExpr.trim() : cronExpr;
        s.timezone = Timing.zone(timezone).getId();
        s.runOnceAt = runOnceAt;
        s.nextRunAt = s.enabled ? timing.nextAfter(now).orElse(null) : null;
    }

    private static Instant nextRun(Schedule s, Instant now) {
        return s.enabled ? Timing.of(s).nextAfter(now).orElse(null) : null;
    }

    /**
     * Where the schedule's runs go, checked as the launch path checks a target's form (whether a named host exists is
     * checked at each fire, since hosts come and go); an empty target clears it. Left out, it stays as it was.
     */
    private static void applyTarget(Schedule s, LaunchInput.TargetInput in) {
        if (in == null) {
            return;
        }
        if (in.host() == null && (in.labels() == null || in.labels().isEmpty()) && in.all() == null) {
            s.target = null;
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        Target target = Target.validate(in.host(), in.labels(), in.all(), "target",
                (field, message) -> errors.add(new FieldError(field, message)));
        if (target == null) {
            throw new InvalidRequestException(errors);
        }
        s.target = target.toConfig();
    }

    /**
     * The log scope the schedule's runs launch with, checked as the launch path checks it (files inside the logs
     * folder, containers enabled on the allowlist); a scope naming nothing clears it. Left out, it stays as it was.
     */
    private Uni<Void> applyLogScope(Schedule s, ScheduleInput input, Job job) {
        LaunchInput.LogScopeInput in = input.logScope();
        if (in == null) {
            return Uni.createFrom().voidItem();
        }
        boolean empty = (in.files() == null || in.files().isEmpty()) && (in.containers() == null || in.containers().isEmpty());
        if (empty) {
            s.logScope = null;
            return Uni.createFrom().voidItem();
        }
        if (job.taskKey != TaskKey.LOG_TRIAGE) {
            throw new InvalidRequestException("log_scope", "a log scope applies to the log_triage job only");
        }
        List<FieldError> errors = new ArrayList<>();
        LogScope scope = LogScope.validate(in.files(), in.containers(), paths.logs(), "log_scope",
                (field, message) -> errors.add(new FieldError(field, message)));
        if (scope == null) {
            throw new InvalidRequestException(errors);
        }
        return RunLaunchService.checkContainers(scope).map(checked -> {
            s.logScope = checked.toConfig();
            return null;
        });
    }

    private static void applyOptions(Schedule s, ScheduleInput input) {
        applyTarget(s, input.target());
        if (input.task3Scope() != null) {
            s.task3Scope = WireEnum.parse(Task3Scope.class, input.task3Scope()).orElseThrow(() -> new InvalidRequestException(
                    "task3_scope", "must be one of " + WireEnum.allowed(Task3Scope.class)));
        }
        if (input.useRag() != null) {
            s.useRag = input.useRag();
        }
        if (input.maxGlobal() != null) {
            s.maxGlobal = positiveOrNull("max_global", input.maxGlobal());
        }
        if (input.maxPerJob() != null) {
            s.maxPerJob = positiveOrNull("max_per_job", input.maxPerJob());
        }
    }

    /** 0 clears a limit; negatives are refused. */
    private static Integer positiveOrNull(String field, int value) {
        if (value < 0) {
            throw new InvalidRequestException(field, "must be 1 or more, or 0 for no limit");
        }
        return value == 0 ? null : value;
    }

    private static void applyDirective(Schedule s, Long directiveId, String customText) {
        if (directiveId != null && customText != null) {
            throw new InvalidRequestException("custom_directive_text", "give either directive_id or custom_directive_text, not both");
        }
        if (customText != null) {
            if (customText.isBlank()) {
                throw new InvalidRequestException("custom_directive_text", "must not be blank");
            }
            if (customText.length() > RunLaunchService.MAX_CUSTOM_TEXT) {
                throw new InvalidRequestException("custom_directive_text", "at most " + RunLaunchService.MAX_CUSTOM_TEXT + " characters");
            }
            s.customDirectiveText = customText.strip();
            s.directiveId = null;
        } else {
            s.directiveId = directiveId;
            s.customDirectiveText = null;
        }
    }

    /** The same rules the launch path applies at fire time, checked now so a bad schedule is never saved. */
    private static Uni<Void> checkDirective(Schedule s, Job job) {
        if (s.directiveId == null) {
            if (s.customDirectiveText == null && job.defaultDirectiveId == null) {
                throw new InvalidRequestException("directive_id", "task " + job.taskKey.wire()
                        + " has no default directive: name one or give custom_directive_text");
            }
            return Uni.createFrom().voidItem();
        }
        return Directive.<Directive>findById(s.directiveId).map(d -> {
            if (d == null) {
                throw new InvalidRequestException("directive_id", "directive " + s.directiveId + " does not exist");
            }
            if (d.type == DirectiveType.CUSTOM) {
                throw new InvalidRequestException("directive_id", "directive " + d.name
                        + " takes its text at launch: send custom_directive_text instead");
            }
            if (d.type != job.taskKey.directiveType()) {
                throw new InvalidRequestException("directive_id", "directive " + d.name + " is for " + d.type.wire()
                        + " and does not apply to task " + job.taskKey.wire());
            }
            if (!d.active) {
                throw new InvalidRequestException("directive_id", "directive " + d.name + " is inactive");
            }
            return null;
        });
    }

    private static ScheduleType parseType(String type) {
        if (type == null) {
            throw new InvalidRequestException("schedule_type", "is required: " + WireEnum.allowed(ScheduleType.class));
        }
        return WireEnum.parse(ScheduleType.class, type).orElseThrow(() -> new InvalidRequestException("schedule_type",
                "must be one of " + WireEnum.allowed(ScheduleType.class)));
    }

    private static Uni<Job> jobOf(String key) {
        TaskKey task = TaskKey.parse(key).orElseThrow(() -> new InvalidRequestException("job",
                "unknown task '" + key + "'; use " + TaskKey.allowed()));
        return Job.<Job>find("taskKey", task).firstResult().map(job -> {
            if (job == null) {
                throw new InvalidRequestException("job", "task " + task.wire() + " has no job template");
            }
            return job;
        });
    }

    private static Uni<Void> requireUniqueName(String name, Long exceptId) {
        Uni<Long> count = exceptId == null ? Schedule.count("name", name) : Schedule.count("name = ?1 and id <> ?2", name, exceptId);
        return count.map(n -> {
            if (n > 0) {
                throw new ConflictException("a schedule named '" + name + "' already exists");
            }
            return null;
        });
    }

    private static Uni<Schedule> find(long id) {
        return Schedule.<Schedule>findById(id).map(s -> {
            if (s == null) {
                throw new NotFoundException("schedule", id);
            }
            return s;
        });
    }

    private Uni<Loaded> load(Schedule s) {
        return related(List.of(s)).map(loader -> loader.apply(s));
    }

    /** Loads the jobs and directives of {@code schedules} in two queries and returns how to assemble each. */
    private static Uni<Function<Schedule, Loaded>> related(List<Schedule> schedules) {
        Set<Long> directiveIds = schedules.stream().map(s -> s.directiveId).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Uni<List<Directive>> directives = directiveIds.isEmpty() ? Uni.createFrom().item(List.of())
                : Directive.list("id in ?1", directiveIds);
        return Job.<Job>listAll().flatMap(jobs -> directives.map(ds -> {
            Map<Long, Job> jobById = jobs.stream().collect(Collectors.toMap(j -> j.id, j -> j));
            Map<Long, Directive> directiveById = ds.stream().collect(Collectors.toMap(d -> d.id, d -> d));
            return s -> new Loaded(s, jobById.get(s.jobId), s.directiveId == null ? null : directiveById.get(s.directiveId),
                    Timing.of(s).describe());
        }));
    }
}
