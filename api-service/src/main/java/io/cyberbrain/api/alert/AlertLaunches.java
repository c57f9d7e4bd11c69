package io.cyberbrain.api.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.alert.AlertDecision;
import io.cyberbrain.model.alert.AlertRule;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunTrigger;
import io.smallrye.mutiny.Uni;

/**
 * A rule's run, launched through the one launch path with trigger {@code alert}: its tasks, directive and RAG choice,
 * a log scope whose containers and files are the rule's templates filled from the alert's labels, and the worker
 * host its jobs run on when the rule names one (also a template). A refusal of
 * the launch path (or a template naming a label the alert lacks) is the alert's decision, not an error.
 */
@ApplicationScoped
public class AlertLaunches {

    static final int MAX_REQUESTED_BY = 100;

    private final RunLaunchService launches;

    public AlertLaunches(RunLaunchService launches) {
        this.launches = launches;
    }

    /** Launches in the caller's transaction; {@code alertId} is the alert the run is for. */
    Uni<RoutingOutcome> launch(AlertRule rule, long alertId, Map<String, String> labels) {
        List<String> containers;
        List<String> files;
        String host;
        try {
            containers = resolved(rule.containers, labels);
            files = resolved(rule.logFiles, labels);
            host = rule.targetHost == null ? null : LabelTemplates.resolve(rule.targetHost, labels);
        } catch (LabelTemplates.MissingLabel missing) {
            return Uni.createFrom().item(RoutingOutcome.refused(AlertDecision.LAUNCH_REFUSED,
                    "rule '" + rule.name + "' reads label '" + missing.label + "', which the alert does not have"));
        }
        LaunchRequest.LogScopeInput scope = containers.isEmpty() && files.isEmpty() ? null
                : new LaunchRequest.LogScopeInput(files, containers);
        String requestedBy = "alert " + alertId + " (rule " + rule.name + ")";
        LaunchRequest request = new LaunchRequest(Arrays.asList(rule.tasks), rule.directiveId, null, rule.useRag,
                rule.task3Scope == null ? null : rule.task3Scope.wire(), RunTrigger.ALERT,
                requestedBy.length() > MAX_REQUESTED_BY ? requestedBy.substring(0, MAX_REQUESTED_BY) : requestedBy, null, scope,
                host == null ? null : new LaunchRequest.TargetInput(host, null, null));
        return Uni.createFrom().deferred(() -> launches.launch(request))
                .map(launched -> new RoutingOutcome(AlertDecision.RUN_LAUNCHED, null, launched.run().id, null, host))
                .onFailure(CyberbrainException.class)
                .recoverWithItem(e -> new RoutingOutcome(AlertDecision.LAUNCH_REFUSED, e.getMessage(), null, null, host));
    }

    private static List<String> resolved(String[] templates, Map<String, String> labels) throws LabelTemplates.MissingLabel {
        List<String> values = new ArrayList<>();
        for (String template : templates == null ? new String[0] : templates) {
            String value = LabelTemplates.resolve(template, labels);
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        return values;
    }
}
