package io.cyberbrain.api.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.investigation.InvestigationStarter.AlertInvestigation;
import io.cyberbrain.model.alert.Alert;
import io.cyberbrain.model.alert.AlertAction;
import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.alert.AlertRule;
import io.cyberbrain.model.alert.AlertStatus;
import io.cyberbrain.redaction.Redactor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Receives alerts: each is stored (redacted) with its decision, in a transaction of its own that first takes a
 * transaction-scoped advisory lock on its fingerprint, so two copies of one alert arriving at once are decided one
 * after the other and the second sees the first: exactly one run opens.
 *
 * <ul>
 * <li>firing, while an earlier alert of the fingerprint opened something that is not resolved and its quiet window has
 * not passed: {@code duplicate}, nothing opens;</li>
 * <li>firing otherwise: the first enabled rule by priority that matches decides (a run through the launch path, or an
 * investigation); no rule: {@code no_rule};</li>
 * <li>resolved: closes the open alert of the fingerprint ({@code resolved}, linked both ways), or {@code nothing_open}.</li>
 * </ul>
 */
@ApplicationScoped
public class AlertIntake {

    private static final String LOCK = "select cast(pg_advisory_xact_lock(hashtextextended(:key, 0)) as text)";
    private static final String LOCK_PREFIX = "cyberbrain.alert:";
    /** Served by alert_open_idx; literals, not parameters, so the planner can use the partial index. */
    private static final String OPEN = """
            select * from alert where fingerprint = :fingerprint and status = 'firing'
               and decision in ('run_launched', 'investigation_started') and resolved_at is null
               and received_at > :since
             order by received_at desc, id desc limit 1""";
    static final int MAX_DETAIL = 1_000;
    static final int MAX_HOST = 300;

    private final Clock clock;
    private final AlertsConfig config;
    private final AlertLaunches launches;
    private final AlertInvestigations investigations;
    private final AlertMetrics metrics;

    public AlertIntake(Clock clock, AlertsConfig config, AlertLaunches launches, AlertInvestigations investigations,
                       AlertMetrics metrics) {
        this.clock = clock;
        this.config = config;
        this.launches = launches;
        this.investigations = investigations;
        this.metrics = metrics;
    }

    /**
     * Receives alerts in order, each committed before the next: when one fails, those before it are stored, and a
     * sender's retry of the whole notification finds them as duplicates.
     */
    public Uni<List<Alert>> receive(List<IncomingAlert> alerts) {
        Uni<List<Alert>> all = Uni.createFrom().item(new ArrayList<>());
        for (IncomingAlert alert : alerts) {
            all = all.flatMap(done -> receive(alert).map(stored -> {
                done.add(stored);
                return done;
            }));
        }
        return all;
    }

    public Uni<Alert> receive(IncomingAlert in) {
        return Panache.withTransaction(() -> lock(in.fingerprint()).flatMap(locked -> {
            Instant now = clock.instant();
            return in.status() == AlertStatus.RESOLVED ? resolve(in, now) : fire(in, now);
        })).invoke(stored -> metrics.count(stored.ruleId, stored.decision));
    }

    private static Uni<Void> lock(String fingerprint) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK)
                .setParameter("key", LOCK_PREFIX + fingerprint).getSingleResultOrNull()).replaceWithVoid();
    }

    private static Uni<Alert> open(String fingerprint, Instant since) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(OPEN, Alert.class)
                .setParameter("fingerprint", fingerprint).setParameter("since", since).getSingleResultOrNull());
    }

    private Uni<Alert> fire(IncomingAlert in, Instant now) {
        return open(in.fingerprint(), now.minus(config.quietWindow())).flatMap(opener -> {
            if (opener != null) {
                return record(in, now, AlertDecision.DUPLICATE, opener).map(alert -> {
                    alert.decisionDetail = "a repeat within the quiet window of alert " + opener.id;
                    return alert;
                });
            }
            return AlertRule.<AlertRule>list("enabled = true", Sort.by("priority").and("id"))
                    .flatMap(rules -> RuleMatcher.first(rules, in.name(), in.labels())
                            .map(rule -> route(in, now, rule))
                            .orElseGet(() -> record(in, now, AlertDecision.NO_RULE, null)));
        });
    }

    private Uni<Alert> route(IncomingAlert in, Instant now, AlertRule rule) {
        return record(in, now, AlertDecision.NO_RULE, null).flatMap(alert -> {
            alert.ruleId = rule.id;
            Uni<RoutingOutcome> outcome = rule.action == AlertAction.INVESTIGATION
                    ? investigation(rule, alert.id, in.labels())
                    : launches.launch(rule, alert.id, in.labels());
            return outcome.map(o -> {
                alert.decision = o.decision();
                alert.decisionDetail = clip(redacted(o.detail()), MAX_DETAIL);
                alert.runId = o.runId();
                alert.investigationId = o.investigationId();
                alert.targetHost = clip(redacted(o.targetHost()), MAX_HOST);
                return alert;
            });
        });
    }

    private Uni<RoutingOutcome> investigation(AlertRule rule, long alertId, Map<String, String> labels) {
        String goal;
        try {
            goal = LabelTemplates.resolve(rule.goal, labels);
        } catch (LabelTemplates.MissingLabel missing) {
            return Uni.createFrom().item(RoutingOutcome.refused(AlertDecision.INVESTIGATION_REFUSED,
                    "rule '" + rule.name + "' reads label '" + missing.label + "', which the alert does not have"));
        }
        return investigations.start(new AlertInvestigation(alertId, goal, rule.directiveId, Map.copyOf(labels),
                rule.maxSteps, rule.maxWallSeconds, rule.maxTokens));
    }

    private Uni<Alert> resolve(IncomingAlert in, Instant now) {
        return open(in.fingerprint(), Instant.EPOCH).flatMap(opener -> record(in, now,
                opener == null ? AlertDecision.NOTHING_OPEN : AlertDecision.RESOLVED, opener).map(alert -> {
                    if (opener != null) {
                        opener.resolvedAt = now;
                        opener.resolvedById = alert.id;
                        alert.resolvedAt = now;
                    }
                    return alert;
                }));
    }

    /** Stores the alert, redacted; a repeat or a resolved notice carries what its opener opened. */
    private static Uni<Alert> record(IncomingAlert in, Instant now, AlertDecision decision, Alert opener) {
        Alert alert = new Alert();
        alert.source = in.source();
        alert.fingerprint = in.fingerprint();
        alert.alertName = clip(redacted(in.name()), IncomingAlerts.MAX_NAME);
        alert.status = in.status();
        alert.labels = redacted(in.labels());
        alert.annotations = redacted(in.annotations());
        alert.startsAt = in.startsAt();
        alert.endsAt = in.endsAt();
        alert.generatorUrl = clip(redacted(in.generatorUrl()), IncomingAlerts.MAX_URL);
        alert.receivedAt = now;
        alert.decision = decision;
        if (opener != null) {
            alert.openedById = opener.id;
            alert.ruleId = opener.ruleId;
            alert.runId = opener.runId;
            alert.investigationId = opener.investigationId;
            alert.targetHost = opener.targetHost;
        }
        return alert.persist();
    }

    private static String redacted(String text) {
        return text == null ? null : Redactor.standard().redact(text);
    }

    private static Map<String, String> redacted(Map<String, String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.putIfAbsent(redacted(k), redacted(v)));
        return out;
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
