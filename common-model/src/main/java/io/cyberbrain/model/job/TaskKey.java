package io.cyberbrain.model.job;

import java.util.Locale;
import java.util.Optional;

import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.support.WireEnum;
import io.cyberbrain.model.support.WireEnumConverter;

/** The three tasks; the original system's aliases task1..task3 are accepted wherever a key is. */
public enum TaskKey implements WireEnum {
    LOG_TRIAGE("task1", DirectiveType.LOG_TRIAGE),
    GPU_REPORT("task2", DirectiveType.GPU_REPORT),
    SERVICE_MAP("task3", DirectiveType.SERVICE_MAP);

    private final String alias;
    private final DirectiveType directiveType;

    TaskKey(String alias, DirectiveType directiveType) {
        this.alias = alias;
        this.directiveType = directiveType;
    }

    public String alias() {
        return alias;
    }

    public DirectiveType directiveType() {
        return directiveType;
    }

    public static Optional<TaskKey> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (TaskKey key : values()) {
            if (key.wire().equals(wanted) || key.alias.equals(wanted)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    public static String allowed() {
        return "log_triage (task1), gpu_report (task2), service_map (task3)";
    }

    @jakarta.persistence.Converter(autoApply = true)
    public static class Converter extends WireEnumConverter<TaskKey> {
        public Converter() {
            super(TaskKey.class);
        }
    }
}
