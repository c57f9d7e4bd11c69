package io.cyberbrain.api.run;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.cyberbrain.model.run.LaunchRequest;

/** Body of {@code POST /api/runs} (and the original {@code POST /api/runs/launch/}). */
public record LaunchInput(
        @Size(max = 3) List<String> tasks,
        Long directiveId,
        String customDirectiveText,
        Boolean useRag,
        String task3Scope,
        LogScopeInput logScope,
        TargetInput target) {

    /** Body of {@code POST /api/runs} without a log scope (everything is read) or target (the default placement). */
    public LaunchInput(List<String> tasks, Long directiveId, String customDirectiveText, Boolean useRag, String task3Scope) {
        this(tasks, directiveId, customDirectiveText, useRag, task3Scope, null, null);
    }

    /**
     * Where the run's jobs run (field {@code target}): {@code {"host": "name"}}, {@code {"labels": {"gpu": "true"}}}, or
     * {@code {"all": true}} (with or without labels: one job per matching online host). Left out: any host, or for a log
     * triage of containers the host that runs them.
     */
    @Schema(name = "RunTarget", description = "Where a run's jobs run: a host by name, a label selector, or all matching "
            + "online hosts (one job each)")
    public record TargetInput(@Schema(description = "A registered worker host's name") String host,
                              @Schema(description = "Labels the host must have") @Size(max = 20) Map<String, String> labels,
                              @Schema(description = "One job per matching online, enabled host") Boolean all) {

        public LaunchRequest.TargetInput toRequest() {
            return new LaunchRequest.TargetInput(host, labels, all);
        }
    }

    LaunchRequest.TargetInput targetRequest() {
        return target == null ? null : target.toRequest();
    }

    /**
     * What a log triage run reads (field {@code log_scope}): {@code files}, globs relative to the logs folder, and
     * {@code containers}, allowlisted names or ids. Left out, the run reads everything.
     */
    public record LogScopeInput(@Size(max = 50) List<String> files, @Size(max = 50) List<String> containers) {

        LaunchRequest.LogScopeInput toRequest() {
            return new LaunchRequest.LogScopeInput(files, containers);
        }
    }

    LaunchRequest.LogScopeInput logScopeRequest() {
        return logScope == null ? null : logScope.toRequest();
    }
}
