package io.cyberbrain.api.investigation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.investigation.Investigation;
import io.cyberbrain.model.investigation.InvestigationClaims;
import io.cyberbrain.model.investigation.InvestigationOrigin;
import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.investigation.InvestigationStep;
import io.cyberbrain.model.run.DirectiveSnapshot;
import io.cyberbrain.model.support.PgNotify;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.redaction.Redactor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Starts, lists, shows and cancels investigations for REST, MCP, the web UI and alert routing. Starting only writes
 * the row and wakes the engines ({@link InvestigationEngine}); everything after that is theirs.
 */
@ApplicationScoped
public class InvestigationService implements InvestigationStarter {

    static final int MAX_GOAL = 2000;
    static final int MAX_LABELS = 50;
    static final int MAX_LABEL_TEXT = 200;

    /** What any door asks for; null budgets take the configured defaults. */
    public record StartRequest(String goal, Long directiveId, Map<String, String> labels, Integer maxSteps,
                               Integer maxWallSeconds, Long maxTokens, InvestigationOrigin origin, String requestedBy,
                               Long alertId) {
    }

    /** An investigation with its steps in order. */
    public record WithSteps(Investigation investigation, List<InvestigationStep> steps) {
    }

    private final InvestigationConfig config;
    private final Clock clock;
    private final PlannerChoice planners;

    public InvestigationService(InvestigationConfig config, Clock clock, PlannerChoice planners) {
        this.config = config;
        this.clock = clock;
        this.planners = planners;
    }

    @Override
    public Uni<Long> startFromAlert(AlertInvestigation request) {
        return start(new StartRequest(request.goal(), request.directiveId(), request.labels(), request.maxSteps(),
                request.maxWallSeconds(), request.maxTokens(), InvestigationOrigin.ALERT, "alert " + request.alertId(),
                request.alertId())).map(w -> w.investigation().id);
    }

    /** Checks the request, writes the investigation in {@code planning} and wakes the engines on commit. */
    public Uni<WithSteps> start(StartRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String goal = request.goal() == null ? null : request.goal().strip();
        if (goal == null || goal.isEmpty()) {
            errors.add(new FieldError("goal", "is required"));
        } else if (goal.length() > MAX_GOAL) {
            errors.add(new FieldError("goal", "at most " + MAX_GOAL + " characters"));
        }
        if (request.directiveId() == null) {
            errors.add(new FieldError("directive_id", "is required: the directive bounds what the investigation may run"));
        }
        int steps = budget(errors, "max_steps", request.maxSteps(), config.defaultMaxSteps(), config.maxStepsLimit(), 1);
        int wall = budget(errors, "max_wall_seconds", request.maxWallSeconds(), config.defaultMaxWallSeconds(),
                config.maxWallSecondsLimit(), 10);
        long tokens = request.maxTokens() == null ? config.defaultMaxTokens() : request.maxTokens();
        if (tokens < 0 || tokens > config.maxTokensLimit()) {
            errors.add(new FieldError("max_tokens", "must be between 0 and " + config.maxTokensLimit()));
        }
        Map<String, String> labels = labels(request.labels(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return Panache.withTransaction(() -> Directive.<Directive>findById(request.directiveId()).flatMap(d -> {
            if (d == null) {
                throw new InvalidRequestException("directive_id", "directive " + request.directiveId() + " does not exist");
            }
            if (!d.active) {
                throw new InvalidRequestException("directive_id", "directive " + d.name + " is inactive");
            }
            Investigation i = new Investigation();
            i.goal = goal;
            i.status = InvestigationStatus.PLANNING;
            i.origin = request.origin();
            i.directiveId = d.id;
            // A custom directive's text is the goal: it is what its runs are told to do.
            i.directiveSnapshot = d.type == DirectiveType.CUSTOM ? DirectiveSnapshot.custom(d, goal) : DirectiveSnapshot.of(d);
            i.labels = labels;
            i.alertId = request.alertId();
            i.requestedBy = request.requestedBy();
            i.planner = planners.configured();
            i.maxSteps = steps;
            i.maxWallSeconds = wall;
            i.maxTokens = tokens;
            i.createdAt = clock.instant();
            return i.<Investigation>persist().flatMap(saved -> PgNotify.send(InvestigationClaims.CHANNEL, saved.id.toString())
                    .replaceWith(new WithSteps(saved, List.of())));
        }));
    }

    private static int budget(List<FieldError> errors, String field, Integer asked, int dflt, int limit, int min) {
        int value = asked == null ? dflt : asked;
        if (value < min || value > limit) {
            errors.add(new FieldError(field, "must be between " + min + " and " + limit));
        }
        return value;
    }

    /** An alert's labels as the planner may see them: bounded, and through the redactor (rule 3). */
    private static Map<String, String> labels(Map<String, String> raw, List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (raw.size() > MAX_LABELS) {
            errors.add(new FieldError("labels", "at most " + MAX_LABELS + " labels"));
            return out;
        }
        Redactor redactor = Redactor.standard();
        raw.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > MAX_LABEL_TEXT || v == null || v.length() > MAX_LABEL_TEXT) {
                errors.add(new FieldError("labels", "names and values are 1 to " + MAX_LABEL_TEXT + " characters"));
            } else {
                out.put(k, redactor.redact(v));
            }
        });
        return out;
    }

    public Uni<Page<Investigation>> list(String status, PageRequest page) {
        if (status != null && WireEnum.parse(InvestigationStatus.class, status).isEmpty()) {
            throw new InvalidRequestException("status", "must be one of " + WireEnum.allowed(InvestigationStatus.class));
        }
        return Panache.withSession(() -> {
            var query = status == null ? Investigation.<Investigation>findAll(Sort.descending("createdAt", "id"))
                    : Investigation.<Investigation>find("status", Sort.descending("createdAt", "id"),
                    WireEnum.parse(InvestigationStatus.class, status).orElseThrow());
            return Page.fetch(query, page);
        });
    }

    public Uni<WithSteps> get(long id) {
        return Panache.withSession(() -> find(id).flatMap(i -> InvestigationStep.<InvestigationStep>list(
                "investigationId = ?1 order by position", id).map(steps -> new WithSteps(i, steps))));
    }

    /**
     * Asks for the investigation to stop; its engine cancels the step's run, writes the report and ends it
     * {@code cancelled} (at once when it is asleep: the request wakes it).
     */
    public Uni<WithSteps> cancel(long id, String who) {
        return Panache.withTransaction(() -> find(id).flatMap(i -> {
            if (i.status.isFinal()) {
                throw new ConflictException("investigation " + id + " already ended " + i.status.wire());
            }
            i.cancelRequested = true;
            if (i.errorSummary == null) {
                i.errorSummary = "cancelled by " + who;
            }
            return PgNotify.send(InvestigationClaims.CHANNEL, Long.toString(id));
        })).flatMap(v -> get(id));
    }

    private static Uni<Investigation> find(long id) {
        return Investigation.<Investigation>findById(id).map(i -> {
            if (i == null) {
                throw new NotFoundException("investigation", id);
            }
            return i;
        });
    }
}
