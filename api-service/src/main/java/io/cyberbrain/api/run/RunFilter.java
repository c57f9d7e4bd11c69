package io.cyberbrain.api.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.support.WireEnum;

/** The run list's filters, validated, as an HQL condition with named parameters. */
public record RunFilter(RunStatus status, TaskKey task, Long directiveId, RunTrigger trigger, Instant since, Instant until) {

    public static RunFilter parse(String status, String task, Long directiveId, String trigger, String since, String until) {
        return new RunFilter(
                status == null ? null : WireEnum.parse(RunStatus.class, status).orElseThrow(() ->
                        new InvalidRequestException("status", "must be one of " + WireEnum.allowed(RunStatus.class))),
                task == null ? null : TaskKey.parse(task).orElseThrow(() ->
                        new InvalidRequestException("task", "must be one of " + TaskKey.allowed())),
                directiveId,
                trigger == null ? null : WireEnum.parse(RunTrigger.class, trigger).orElseThrow(() ->
                        new InvalidRequestException("trigger", "must be one of " + WireEnum.allowed(RunTrigger.class))),
                StorableInstants.parameter("since", since),
                StorableInstants.parameter("until", until));
    }

    String where() {
        List<String> clauses = new ArrayList<>();
        if (status != null) {
            clauses.add("status = :status");
        }
        if (task != null) {
            clauses.add("exists (select 1 from RunJob j where j.runId = r.id and j.taskKey = :task)");
        }
        if (directiveId != null) {
            clauses.add("directiveId = :directiveId");
        }
        if (trigger != null) {
            clauses.add("trigger = :trigger");
        }
        if (since != null) {
            clauses.add("createdAt >= :since");
        }
        if (until != null) {
            clauses.add("createdAt < :until");
        }
        return clauses.isEmpty() ? "" : String.join(" and ", clauses);
    }

    Map<String, Object> parameters() {
        Map<String, Object> p = new HashMap<>();
        if (status != null) {
            p.put("status", status);
        }
        if (task != null) {
            p.put("task", task);
        }
        if (directiveId != null) {
            p.put("directiveId", directiveId);
        }
        if (trigger != null) {
            p.put("trigger", trigger);
        }
        if (since != null) {
            p.put("since", since);
        }
        if (until != null) {
            p.put("until", until);
        }
        return p;
    }
}
