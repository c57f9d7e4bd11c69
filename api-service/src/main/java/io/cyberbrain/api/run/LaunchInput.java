package io.cyberbrain.api.run;

import java.util.List;

import jakarta.validation.constraints.Size;

import io.cyberbrain.model.run.LaunchRequest;

/** Body of {@code POST /api/runs} (and the original {@code POST /api/runs/launch/}). */
public record LaunchInput(
        @Size(max = 3) List<String> tasks,
        Long directiveId,
        String customDirectiveText,
        Boolean useRag,
        String task3Scope,
        LogScopeInput logScope) {

    /** Body of {@code POST /api/runs} without a log scope (everything is read). */
    public LaunchInput(List<String> tasks, Long directiveId, String customDirectiveText, Boolean useRag, String task3Scope) {
        this(tasks, directiveId, customDirectiveText, useRag, task3Scope, null);
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
