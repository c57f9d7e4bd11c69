package io.cyberbrain.model.run;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.policy.ConfigSecrets;

/**
 * What a run used, frozen at launch (rule 4, docs/design-rules.md). Stored as JSON on the run; later edits of the
 * directive never reach it.
 */
public record DirectiveSnapshot(
        @JsonProperty("directive_id") Long directiveId,
        String code,
        String name,
        String type,
        String text,
        Map<String, Object> config,
        int version,
        @JsonProperty("approval_required") boolean approvalRequired) {

    public static DirectiveSnapshot of(Directive d) {
        return new DirectiveSnapshot(d.id, d.code, d.name, d.type.wire(), d.text,
                d.taskConfig == null ? Map.of() : Map.copyOf(d.taskConfig), d.version, d.approvalRequired);
    }

    /** This snapshot as it may be shown: secrets in its config masked. */
    public DirectiveSnapshot masked() {
        return new DirectiveSnapshot(directiveId, code, name, type, text, ConfigSecrets.masked(config), version,
                approvalRequired);
    }

    /** See {@link Directive#label}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String label() {
        return Directive.label(code, name);
    }

    /** Custom text launched against D4: D4's identity and gating, the operator's text. */
    public static DirectiveSnapshot custom(Directive d4, String text) {
        return new DirectiveSnapshot(d4.id, d4.code, d4.name, DirectiveType.CUSTOM.wire(), text,
                d4.taskConfig == null ? Map.of() : Map.copyOf(d4.taskConfig), d4.version, d4.approvalRequired);
    }
}
