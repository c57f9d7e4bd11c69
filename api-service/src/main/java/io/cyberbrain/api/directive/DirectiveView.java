package io.cyberbrain.api.directive;

import java.time.Instant;
import java.util.Map;

import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveVersion;
import io.cyberbrain.policy.ConfigSecrets;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A directive as shown: secrets stored in clear before they were refused are masked. */
public record DirectiveView(Long id, String code, String name, String type, String description, String text,
                            Map<String, Object> taskConfig, int version, boolean active, boolean approvalRequired,
                            Instant createdAt, Instant updatedAt) {

    public static DirectiveView of(Directive d) {
        return new DirectiveView(d.id, d.code, d.name, d.type.wire(), d.description, d.text, ConfigSecrets.masked(d.taskConfig), d.version,
                d.active, d.approvalRequired, d.createdAt, d.updatedAt);
    }

    /** See {@link Directive#label}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String label() {
        return Directive.label(code, name);
    }

    @Schema(name = "DirectiveVersion")
    public record Version(int version, String name, String type, String description, String text,
                          Map<String, Object> taskConfig, boolean approvalRequired, Instant createdAt) {
        public static Version of(DirectiveVersion v) {
            return new Version(v.version, v.name, v.type.wire(), v.description, v.text, ConfigSecrets.masked(v.taskConfig),
                    v.approvalRequired, v.createdAt);
        }
    }
}
