package io.cyberbrain.model.run;

import java.time.Clock;
import java.time.Instant;
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
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
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
 */
@ApplicationScoped
public class RunLaunchService {

    public static final int MAX_CUSTOM_TEXT = 20_000;
    static final String CUSTOM_DIRECTIVE_CODE = "D4";

    static final String LOG_SCOPE_FIELD = "log_scope";

    private final Clock clock;
    private final RunEvents events;
    private final PathsConfig paths;

    public RunLaunchService(Clock clock, RunEvents events, PathsConfig paths) {
        this.clock = clock;
        this.events = events;
        this.paths = paths;
    }

    public Uni<LaunchedRun> launch(LaunchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        LogScope scope = logScope(request, errors);
        Set<TaskKey> tasks = validate(request, errors);
        return Panache.withTransaction(() -> checkContainers(scope)
                .flatMap(checked -> loadJobs(tasks)
                        .flatMap(jobs -> resolveSnapshot(request, jobs)
                                .flatMap(snapshot -> insert(request, jobs, snapshot, checked)))));
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
        return AllowedContainer.<AllowedContainer>list("enabled = true").map(allowed -> {
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
        });
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

    private Uni<List<Job>> loadJobs(Set<TaskKey> tasks) {
        return Job.<Job>list("taskKey in ?1", List.copyOf(tasks)).map(jobs -> {
            List<Job> ordered = new ArrayList<>();
            for (TaskKey key : tasks) {
                Job job = jobs.stream().filter(j -> j.taskKey == key).findFirst()
                        .orElseThrow(() -> new InvalidRequestException("tasks", "task " + key.wire() + " has no job template"));
                if (!job.enabled) {
                    throw new InvalidRequestException("tasks", "task " + key.wire() + " is disabled");
                }
                ordered.add(job);
            }
            return ordered;
        });
    }

    private Uni<DirectiveSnapshot> resolveSnapshot(LaunchRequest request, List<Job> jobs) {
        if (request.customDirectiveText() != null) {
            return Directive.<Directive>find("code", CUSTOM_DIRECTIVE_CODE).firstResult().map(d4 -> {
                if (d4 == null) {
                    throw new IllegalStateException("the custom directive D4 is missing from the database");
                }
                return DirectiveSnapshot.custom(d4, request.customDirectiveText().strip());
            });
        }
        Long directiveId = request.directiveId();
        if (directiveId == null) {
            if (jobs.size() > 1 || jobs.get(0).defaultDirectiveId == null) {
                throw new InvalidRequestException("directive_id",
                        "name a directive (or give custom_directive_text) when launching several tasks or a task without a default directive");
            }
            directiveId = jobs.get(0).defaultDirectiveId;
        }
        Long wanted = directiveId;
        return Directive.<Directive>findById(wanted).map(directive -> {
            if (directive == null) {
                throw new InvalidRequestException("directive_id", "directive " + wanted + " does not exist");
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
        });
    }

    private Uni<LaunchedRun> insert(LaunchRequest request, List<Job> jobs, DirectiveSnapshot snapshot, LogScope scope) {
        Instant now = clock.instant();
        boolean gated = snapshot.approvalRequired();
        Run run = new Run();
        run.status = gated ? RunStatus.AWAITING_APPROVAL : RunStatus.PENDING;
        run.trigger = request.trigger();
        run.directiveId = snapshot.directiveId();
        run.directiveSnapshot = snapshot;
        run.useRag = request.useRag();
        run.task3Scope = request.task3Scope() == null ? Task3Scope.ALLOWLIST
                : WireEnum.parse(Task3Scope.class, request.task3Scope()).orElseThrow();
        run.approvalRequired = gated;
        run.requestedBy = request.requestedBy();
        run.scheduleId = request.scheduleId();
        run.createdAt = now;
        return run.<Run>persist().flatMap(saved -> {
            List<RunJob> runJobs = jobs.stream().map(job -> newRunJob(saved, job, snapshot, scope, now)).toList();
            return RunJob.persist(runJobs)
                    .flatMap(ignored -> gated ? Uni.createFrom().voidItem() : events.jobsPending(saved.id))
                    .map(ignored -> new LaunchedRun(saved, runJobs));
        });
    }

    private static RunJob newRunJob(Run run, Job job, DirectiveSnapshot snapshot, LogScope scope, Instant now) {
        RunJob runJob = new RunJob();
        runJob.runId = run.id;
        runJob.jobId = job.id;
        runJob.taskKey = job.taskKey;
        runJob.status = run.status == RunStatus.AWAITING_APPROVAL ? JobStatus.AWAITING_APPROVAL : JobStatus.PENDING;
        runJob.config = effectiveConfig(job, snapshot);
        if (scope != null && job.taskKey == TaskKey.LOG_TRIAGE) {
            runJob.config.put(LogScope.CONFIG_KEY, scope.toConfig());
        }
        runJob.maxAttempts = 3;
        runJob.createdAt = now;
        return runJob;
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
