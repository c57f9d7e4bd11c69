package io.cyberbrain.api.directive;

import java.util.Map;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonAlias;

/** Create (name, type and text required) or update (any subset) a directive. */
public record DirectiveInput(
        @Size(min = 1, max = 200) String name,
        @JsonAlias("directive_type") String type,
        @Size(max = 2000) String description,
        @JsonAlias("directive_text") @Size(min = 1, max = 20_000) String text,
        Map<String, Object> taskConfig,
        Boolean active,
        Boolean approvalRequired) {
}
