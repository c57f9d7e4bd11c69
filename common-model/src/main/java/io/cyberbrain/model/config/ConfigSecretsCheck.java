package io.cyberbrain.model.config;

import java.util.List;
import java.util.Map;

import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.policy.ConfigSecrets;

/** The API's side of the {@link ConfigSecrets} rule: a config with a secret in clear is refused when saved. */
public final class ConfigSecretsCheck {

    private ConfigSecretsCheck() {
    }

    /**
     * Refuses a config that holds a secret in clear, one field error per secret, named as the request names it
     * ({@code task_config.llm.api_key}).
     *
     * @throws InvalidRequestException (a 400 problem+json in the API)
     */
    public static void requireNone(String field, Map<String, ?> config) {
        List<FieldError> errors = ConfigSecrets.find(config == null ? Map.of() : config).stream()
                .map(s -> new FieldError(field + "." + s.path(), s.message())).toList();
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
