package io.cyberbrain.model.run;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.allowlist.AllowedContainer;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.host.HostsConfig;
import io.cyberbrain.model.host.Target;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.policy.LogScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The one launch path (DESIGN section 4). REST, MCP, the web UI and the scheduler create runs here and
 * nowhere else: validation, the directive snapshot, approval gating, the run and run_job rows in one
 * transaction, and the NOTIFY that wakes the worker-launchers.
 *
 * <p>A single launch and a batch of launches (the scheduler's) take the same steps: {@link #check} the request's
 * own fields, read what the requests refer to once ({@link LaunchContext}), {@link #plan} each run, and write
 * the runs with one statement per table ({@link LaunchWriter}). {@link #launch} is a batch of one.
 */
@ApplicationScoped
public class RunLaunchService {

    public static final int MAX_CUSTOM_TEXT = 20_000;
    static final String CUSTOM_DIRECTIVE_CODE = "D4";
    static final int MAX_ATTEMPTS = 3;

    static final String LOG_SCOPE_FIELD = "log_scope";
    static final String TARGET_FIELD = "target";

    private final PathsConfig paths;
    private final LaunchWriter writer;
    private final HostsConfig hosts;
    private final Clock clock;

    public RunLaunchService(PathsConfig paths, LaunchWriter writer, HostsConfig hosts, Clock clock) {
        this.paths = paths;
        this.writer = writer;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** A request whose own fields passed the checks; what it refers to in the database is checked by {@link #plan}. */
    record Checked(LaunchRequest request, Set<TaskKey> tasks, LogScope scope, Target target) {
    }

    /** One request of a batch, planned or refused, before anything is written. */
    public record Prepared(LaunchRequest request, PlannedRun run, CyberbrainException refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * Launches one run in its own transaction (or the caller's). A request the launch path refuses throws
     * {@link InvalidRequestException}: at once for its own fields, in the returned Uni for what it refers to.
     */
    public Uni<LaunchedRun> launch(LaunchRequest request) {
        Checked checked = check(request);
        return Panache.withTransaction(() -> LaunchContext.load(List.of(checked), clock.instant(), hosts)
                .flatMap(context -> writer.write(List.of(plan(checked, context))))
                .flatMap(ids -> loadLaunched(ids.get(0))));
    }

    /**
     * Plans a batch of launches by the same rules as {@link #launch}, reading what they refer to once: each
     * request gets its run, or the refusal that {@link #launch} would have thrown for it. Writes nothing; call in
     * a transaction and write the runs wanted with {@link #write}.
     */
    public Uni<List<Prepared>> prepare(List<LaunchRequest> requests) {
        List<Object> checked = new ArrayList<>(requests.size());
        for (LaunchRequest request : requests) {
            try {
                checked.add(check(request));
            } catch (CyberbrainException refused) {
                checked.add(refused);
            }
        }
        List<Checked> valid = checked.stream().filter(Checked.class::isInstance).map(Checked.class::cast).toList();
        return LaunchContext.load(valid, clock.instant(), hosts).map(context -> {
            List<Prepared> prepared = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                Object c = checked.get(i);
                if (c instanceof CyberbrainException refused) {
                    prepared.add(new Prepared(requests.get(i), null, refused));
                    continue;
                }
                try {
                    prepared.add(new Prepared(requests.get(i), plan((Checked) c, context), null));
                } catch (CyberbrainException refused) {
                    prepared.add(new Prepared(requests.get(i), null, refused));
                }
            }
            return prepared;
        });
    }

    /**
     * Writes planned runs in the caller's transaction: one statement per table for the whole batch, and one
     * NOTIFY to the worker-launchers when any of them is pending. Returns the runs' ids, in order.
     */
    public Uni<List<Long>> write(List<PlannedRun> runs) {
        return writer.write(runs);
    }

    private static Uni<LaunchedRun> loadLaunched(long runId) {
        return Run.<Run>findById(runId).flatMap(run -> RunJob.<RunJob>list("runId = ?1 order by id", runId)
                .map(jobs -> new LaunchedRun(run, jobs)));
    }

    /** The request's own fields checked (tasks, directive choice, text, scope's form); throws the field errors. */
    private Checked check(LaunchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        LogScope scope = logScope(request, errors);
        Target target = target(request, errors);
        Set<TaskKey> tasks = validate(request, errors);
        return new Checked(request, tasks, scope, target);
    }

    /** What the request refers to checked against the database's state, and its run planned; throws refusals. */
    private static PlannedRun plan(Checked checked, LaunchContext context) {
        LogScope scope = resolveContainers(checked.scope(), context.allowed());
        List<Job> jobs = pickJobs(checked.tasks(), context);
        DirectiveSnapshot snapshot = resolveSnapshot(checked.request(), jobs, context);
        return plan(checked.request(), jobs, snapshot, scope, checked.target(), context);
    }

    /** The caller's target checked, null for none (the default placement); problems go to {@code errors}. */
    private static Target target(LaunchRequest request, List<FieldError> errors) {
        LaunchRequest.TargetInput in = request.target();
        if (in == null) {
            return null;
        }
        return Target.validate(in.host(), in.labels(), in.all(), TARGET_FIELD,
                (field, message) -> errors.add(new FieldError(field, message)));
    }

    /** The caller's scope checked and normalised, null for none (everything); problems go to {@code errors}. */
    private LogScope logScope(LaunchRequest request, List<FieldError> errors) {
        LaunchRequest.LogScopeInput in = request.logScope();
        if (in == null) {
            return null;
        }
        if (request.tasks() == null
                || request.tasks().stream().noneMatch(t -> TaskKey.parse(t).orElse(null) == TaskKey.LOG_TRIAGE)) {
            errors.add(new FieldError(LOG_SCOPE_FIELD, "a log scope applies to the log_triage task only"));
            return null;
        }
        return LogScope.validate(in.files(), in.containers(), paths.logs(), LOG_SCOPE_FIELD,
                (field, message) -> errors.add(new FieldError(field, message)));
    }

    /**
     * The scope with its containers resolved to allowlisted container ids: a name or id that is not an enabled
     * allowlist entry is refused, since container logs are read only from the allowlist. Call in a session.
     */
    public static Uni<LogScope> checkContainers(LogScope scope) {
        if (scope == null || scope.containers().isEmpty()) {
            return Uni.createFrom().item(scope);
        }
        return AllowedContainer.<AllowedContainer>list("enabled = true").map(allowed -> resolveContainers(scope, allowed));
    }

    private static LogScope resolveContainers(LogScope scope, List<AllowedContainer> allowed) {
        if (scope == null || scope.containers().isEmpty()) {
            return scope;
        }
        List<String> ids = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (String wanted : scope.containers()) {
            AllowedContainer hit = allowed.stream()
                    .filter(a -> wanted.equals(a.containerId) || wanted.equals(a.name)).findFirst().orElse(null);
            if (hit == null) {
                errors.add(new FieldError(LOG_SCOPE_FIELD + ".containers",
                        "'" + wanted + "' is not an enabled container of the allowlist"));
            } else if (!ids.contains(hit.containerId)) {
                ids.add(hit.containerId);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new LogScope(scope.files(), ids);
    }

    private Set<TaskKey> validate(LaunchRequest request, List<FieldError> errors) {
        Set<TaskKey> tasks = new LinkedHashSet<>();
        if (request.tasks() == null || request.tasks().isEmpty()) {
            errors.add(new FieldError("tasks", "name at least one task: " + TaskKey.allowed()));
        } else {
            for (String raw : request.tasks()) {
                TaskKey.parse(raw).ifPresentOrElse(tasks::add, () -> errors.add(new FieldError("tasks",
                        "unknown task '" + raw + "'; use " + TaskKey.allowed())));
            }
        }
        boolean hasCustom = request.customDirectiveText() != null;
        if (hasCustom && request.directiveId() != null) {
            errors.add(new FieldError("custom_directive_text", "give either directive_id or custom_directive_text, not both"));
        }
        if (hasCustom && request.customDirectiveText().isBlank()) {
            errors.add(new FieldError("custom_directive_text", "must not be blank"));
        }
        if (hasCustom && request.customDirectiveText().length() > MAX_CUSTOM_TEXT) {
            errors.add(new FieldError("custom_directive_text", "at most " + MAX_CUSTOM_TEXT + " characters"));
        }
        if (request.task3Scope() != null && WireEnum.parse(Task3Scope.class, request.task3Scope()).isEmpty()) {
            errors.add(new FieldError("task3_scope", "must be one of " + WireEnum.allowed(Task3Scope.class)));
        }
        if (request.trigger() == null) {
            errors.add(new FieldError("trigger", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return tasks;
    }

    private static List<Job> pickJobs(Set<TaskKey> tasks, LaunchContext context) {
        List<Job> ordered = new ArrayList<>();
        for (TaskKey key : tasks) {
            Job job = context.jobs().get(key);
            if (job == null) {
                throw new InvalidRequestException("tasks", "task " + key.wire() + " has no job template");
            }
            if (!job.enabled) {
                throw new InvalidRequestException("tasks", "task " + key.wire() + " is disabled");
            }
            ordered.add(job);
        }
        return ordered;
    }

    private static DirectiveSnapshot resolveSnapshot(LaunchRequest request, List<Job> jobs, LaunchContext context) {
        if (request.customDirectiveText() != null) {
            if (context.custom() == null) {
                throw new IllegalStateException("the custom directive D4 is missing from the database");
            }
            return DirectiveSnapshot.custom(context.custom(), request.customDirectiveText().strip());
        }
        Long directiveId = request.directiveId();
        if (directiveId == null) {
            if (jobs.size() > 1 || jobs.get(0).defaultDirectiveId == null) {
                throw new InvalidRequestException("directive_id",
                        "name a directive (or give custom_directive_text) when launching several tasks or a task without a default directive");
            }
            directiveId = jobs.get(0).defaultDirectiveId;
        }
        Directive directive = context.directives().get(directiveId);
        if (directive == null) {
            throw new InvalidRequestException("directive_id", "directive " + directiveId + " does not exist");
        }
        if (!directive.active) {
            throw new InvalidRequestException("directive_id", "directive " + directive.name + " is inactive");
        }
        if (directive.type == DirectiveType.CUSTOM) {
            throw new InvalidRequestException("directive_id",
                    "directive " + directive.name + " takes its text at launch: send custom_directive_text instead");
        }
        for (Job job : jobs) {
            if (job.taskKey.directiveType() != directive.type) {
                throw new InvalidRequestException("directive_id", "directive " + directive.name + " is for "
                        + directive.type.wire() + " and does not apply to task " + job.taskKey.wire());
            }
        }
        return DirectiveSnapshot.of(directive);
    }

    /** The run and its jobs: gated by the directive's approval, each job's config from its defaults and the directive. */
    private static PlannedRun plan(LaunchRequest request, List<Job> jobs, DirectiveSnapshot snapshot, LogScope scope,
                                   Target target, LaunchContext context) {
        boolean gated = snapshot.approvalRequired();
        JobStatus jobStatus = gated ? JobStatus.AWAITING_APPROVAL : JobStatus.PENDING;
        List<PlannedRun.PlannedJob> planned = new ArrayList<>();
        for (Job job : jobs) {
            LogScope jobScope = job.taskKey == TaskKey.LOG_TRIAGE ? scope : null;
            for (JobPlacement.Slot slot : JobPlacement.slots(job.taskKey, target, jobScope, context)) {
                Map<String, Object> config = effectiveConfig(job, snapshot);
                if (slot.scope() != null) {
                    config.put(LogScope.CONFIG_KEY, slot.scope().toConfig());
                }
                planned.add(new PlannedRun.PlannedJob(job.id, job.taskKey, jobStatus, config, MAX_ATTEMPTS, slot.targetHost(),
                        slot.targetLabels()));
            }
        }
        Task3Scope task3Scope = request.task3Scope() == null ? Task3Scope.ALLOWLIST
                : WireEnum.parse(Task3Scope.class, request.task3Scope()).orElseThrow();
        return new PlannedRun(gated ? RunStatus.AWAITING_APPROVAL : RunStatus.PENDING, request.trigger(), snapshot,
                request.useRag(), task3Scope, request.requestedBy(), request.scheduleId(),
                target == null ? null : target.toConfig(), planned);
    }

    /** The job's defaults, overlaid by the directive's section for this task ({@code {"log_triage": {...}}}). */
    static Map<String, Object> effectiveConfig(Job job, DirectiveSnapshot snapshot) {
        Map<String, Object> config = new HashMap<>(job.defaultConfig == null ? Map.of() : job.defaultConfig);
        Object section = snapshot.config() == null ? null : snapshot.config().get(job.taskKey.wire());
        if (section instanceof Map<?, ?> overrides) {
            overrides.forEach((k, v) -> config.put(String.valueOf(k), v));
        }
        return config;
    }
}
