package io.cyberbrain.api.job;

import java.time.Instant;
import java.util.Map;

import io.cyberbrain.model.job.Job;
import io.cyberbrain.policy.ConfigSecrets;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record JobView(Long id, String taskKey, String alias, String name, String description, Long defaultDirectiveId,
                      Map<String, Object> defaultConfig, boolean enabled, int timeoutSeconds, Instant updatedAt) {

    public static JobView of(Job j) {
        return new JobView(j.id, j.taskKey.wire(), j.alias, j.name, j.description, j.defaultDirectiveId,
                ConfigSecrets.masked(j.defaultConfig), j.enabled, j.timeoutSeconds, j.updatedAt);
    }

    /** Any subset of the defaults a job's runs start from. */
    @Schema(name = "JobUpdate")
    public record Update(Long defaultDirectiveId, Map<String, Object> defaultConfig, Boolean enabled,
                         @jakarta.validation.constraints.Min(10) @jakarta.validation.constraints.Max(86_400) Integer timeoutSeconds,
                         @jakarta.validation.constraints.Size(max = 2000) String description) {
    }
}
