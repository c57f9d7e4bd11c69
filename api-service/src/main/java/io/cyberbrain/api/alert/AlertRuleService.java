package io.cyberbrain.api.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.alert.AlertRuleViews.AlertRuleInput;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.alert.AlertAction;
import io.cyberbrain.model.alert.AlertRule;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.Task3Scope;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Alert rules: a rule is checked whole when it is saved (matchers, regular expressions, templates, what its action
 * needs), so that routing never meets a rule it cannot read. What the launch path decides (the directive's type for the
 * tasks, allowlisted containers) it decides when an alert comes, and a refusal is that alert's decision.
 */
@ApplicationScoped
public class AlertRuleService {

    static final int MAX_PRIORITY = 1_000_000;
    static final int MAX_TEMPLATE = 1_000;

    private final Clock clock;

    public AlertRuleService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Page<AlertRule>> list(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(AlertRule.<AlertRule>findAll(Sort.by("priority").and("id")), page));
    }

    public Uni<AlertRule> get(long id) {
        return Panache.withSession(() -> find(id));
    }

    public Uni<AlertRule> create(AlertRuleInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input.name() == null || input.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        if (input.action() == null) {
            errors.add(new FieldError("action", "is required: " + WireEnum.allowed(AlertAction.class)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        AlertRule rule = new AlertRule();
        Instant now = clock.instant();
        rule.createdAt = now;
        apply(rule, input);
        rule.updatedAt = now;
        return Panache.withTransaction(() -> checkStored(rule, null).flatMap(ok -> rule.persist()));
    }

    public Uni<AlertRule> update(long id, AlertRuleInput input) {
        return Panache.withTransaction(() -> find(id).flatMap(rule -> {
            String before = rule.name;
            apply(rule, input);
            rule.updatedAt = clock.instant();
            return checkStored(rule, before.equals(rule.name) ? id : null).replaceWith(rule);
        }));
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).flatMap(AlertRule::delete));
    }

    /** Applies the given fields to the rule and checks the result; throws every problem at once. */
    private static void apply(AlertRule rule, AlertRuleInput in) {
        List<FieldError> errors = new ArrayList<>();
        if (in.name() != null) {
            if (in.name().isBlank()) {
                errors.add(new FieldError("name", "must not be blank"));
            }
            rule.name = in.name().strip();
        }
        if (in.description() != null) {
            rule.description = blankToNull(in.description());
        }
        if (in.enabled() != null) {
            rule.enabled = in.enabled();
        }
        if (in.priority() != null) {
            if (in.priority() < 0 || in.priority() > MAX_PRIORITY) {
                errors.add(new FieldError("priority", "must be between 0 and " + MAX_PRIORITY));
            }
            rule.priority = in.priority();
        }
        if (in.alertName() != null) {
            rule.alertName = blankToNull(in.alertName());
        }
        if (in.matchLabels() != null) {
            rule.matchLabels = matchers(in.matchLabels(), "match_labels", false, errors);
        }
        if (in.matchRegex() != null) {
            rule.matchRegex = matchers(in.matchRegex(), "match_regex", true, errors);
        }
        if (in.action() != null) {
            rule.action = WireEnum.parse(AlertAction.class, in.action()).orElse(null);
            if (rule.action == null) {
                errors.add(new FieldError("action", "must be one of " + WireEnum.allowed(AlertAction.class)));
            }
        }
        if (in.tasks() != null) {
            rule.tasks = tasks(in.tasks(), errors);
        }
        if (in.directiveId() != null) {
            rule.directiveId = in.directiveId() == 0 ? null : in.directiveId();
        }
        if (in.useRag() != null) {
            rule.useRag = in.useRag();
        }
        if (in.task3Scope() != null) {
            rule.task3Scope = in.task3Scope().isBlank() ? null : WireEnum.parse(Task3Scope.class, in.task3Scope()).orElse(null);
            if (!in.task3Scope().isBlank() && rule.task3Scope == null) {
                errors.add(new FieldError("task3_scope", "must be one of " + WireEnum.allowed(Task3Scope.class)));
            }
        }
        if (in.containers() != null) {
            rule.containers = templates(in.containers(), "containers", errors);
        }
        if (in.logFiles() != null) {
            rule.logFiles = templates(in.logFiles(), "log_files", errors);
        }
        if (in.targetHost() != null) {
            rule.targetHost = blankToNull(in.targetHost());
            template(rule.targetHost, "target_host", errors);
        }
        if (in.goal() != null) {
            rule.goal = blankToNull(in.goal());
            template(rule.goal, "goal", errors);
        }
        if (in.maxSteps() != null) {
            rule.maxSteps = budget(in.maxSteps(), "max_steps", errors);
        }
        if (in.maxWallSeconds() != null) {
            rule.maxWallSeconds = budget(in.maxWallSeconds(), "max_wall_seconds", errors);
        }
        if (in.maxTokens() != null) {
            rule.maxTokens = in.maxTokens() == 0 ? null : in.maxTokens();
            if (in.maxTokens() < 0) {
                errors.add(new FieldError("max_tokens", "must be positive (0 clears it)"));
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(actionProblems(rule));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private static List<FieldError> actionProblems(AlertRule rule) {
        List<FieldError> errors = new ArrayList<>();
        if (rule.action == AlertAction.RUN && (rule.tasks == null || rule.tasks.length == 0)) {
            errors.add(new FieldError("tasks", "a rule that launches a run names at least one task: " + TaskKey.allowed()));
        }
        if (rule.action == AlertAction.INVESTIGATION) {
            if (rule.goal == null) {
                errors.add(new FieldError("goal", "a rule that starts an investigation states its goal"));
            }
            if (rule.directiveId == null) {
                errors.add(new FieldError("directive_id", "a rule that starts an investigation names the directive that bounds it"));
            }
        }
        return errors;
    }

    /** The directive exists and the name is free (unless it is the rule's own unchanged name: {@code ownId}). */
    private static Uni<Void> checkStored(AlertRule rule, Long ownId) {
        Uni<Void> directive = rule.directiveId == null ? Uni.createFrom().voidItem()
                : Directive.<Directive>findById(rule.directiveId).map(d -> {
                    if (d == null) {
                        throw new InvalidRequestException("directive_id", "directive " + rule.directiveId + " does not exist");
                    }
                    return null;
                });
        return ownId != null ? directive : directive.flatMap(ok -> uniqueName(rule));
    }

    private static Uni<Void> uniqueName(AlertRule rule) {
        Uni<Long> same = rule.id == null ? AlertRule.count("name", rule.name)
                : AlertRule.count("name = ?1 and id <> ?2", rule.name, rule.id);
        return same.map(n -> {
            if (n > 0) {
                throw new ConflictException("an alert rule named '" + rule.name + "' already exists");
            }
            return null;
        });
    }

    private static Map<String, String> matchers(Map<String, String> raw, String field, boolean regex, List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((label, value) -> {
            if (label.isBlank() || label.length() > IncomingAlerts.MAX_KEY) {
                errors.add(new FieldError(field, "label names are 1 to " + IncomingAlerts.MAX_KEY + " characters"));
            } else if (value == null) {
                errors.add(new FieldError(field + "." + label, "must be a text, not null"));
            } else if (regex && RuleMatcher.problem(value) != null) {
                errors.add(new FieldError(field + "." + label, RuleMatcher.problem(value)));
            } else if (!regex && value.length() > IncomingAlerts.MAX_LABEL_VALUE) {
                errors.add(new FieldError(field + "." + label, "at most " + IncomingAlerts.MAX_LABEL_VALUE + " characters"));
            } else {
                out.put(label, value);
            }
        });
        return out;
    }

    private static String[] tasks(List<String> raw, List<FieldError> errors) {
        Set<String> tasks = new LinkedHashSet<>();
        for (String t : raw) {
            TaskKey.parse(t).ifPresentOrElse(k -> tasks.add(k.wire()), () -> errors.add(new FieldError("tasks",
                    "unknown task '" + t + "'; use " + TaskKey.allowed())));
        }
        return tasks.toArray(String[]::new);
    }

    private static String[] templates(List<String> raw, String field, List<FieldError> errors) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String value = raw.get(i) == null ? "" : raw.get(i).strip();
            if (value.isEmpty()) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be blank"));
                continue;
            }
            if (template(value, field + "[" + i + "]", errors) && !out.contains(value)) {
                out.add(value);
            }
        }
        return out.toArray(String[]::new);
    }

    private static boolean template(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return true;
        }
        String problem = value.length() > MAX_TEMPLATE ? "at most " + MAX_TEMPLATE + " characters" : LabelTemplates.problem(value);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
        return problem == null;
    }

    private static Integer budget(int value, String field, List<FieldError> errors) {
        if (value < 0) {
            errors.add(new FieldError(field, "must be positive (0 clears it)"));
        }
        return value <= 0 ? null : value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Uni<AlertRule> find(long id) {
        return AlertRule.<AlertRule>findById(id).map(r -> {
            if (r == null) {
                throw new NotFoundException("alert rule", id);
            }
            return r;
        });
    }
}
