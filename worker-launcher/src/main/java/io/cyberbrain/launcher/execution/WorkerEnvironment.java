package io.cyberbrain.launcher.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.policy.ConfigSecrets;

/**
 * Which of the launcher's environment variables a worker gets. A config keeps secrets out of itself by naming a
 * variable ({@code llm.api_key_env}); the executors start workers with a cleared environment, so the variable reaches
 * the worker only through here: when the job's config names it, the operator allowed the name
 * ({@code cyberbrain.launcher.worker-env-allowed}) and the launcher has it set. Nothing else of the launcher's
 * environment is passed.
 */
@ApplicationScoped
public class WorkerEnvironment {

    private final Set<String> allowed;
    private final Function<String, String> lookup;

    @Inject
    public WorkerEnvironment(LauncherConfig config) {
        this(config.workerEnvAllowed().orElse(Set.of()), System::getenv);
    }

    /** With another environment than the process's: lets tests give the launcher variables. */
    public WorkerEnvironment(Set<String> allowed, Function<String, String> lookup) {
        this.allowed = Set.copyOf(allowed);
        this.lookup = lookup;
    }

    /** The variables for the worker of a job whose job.json holds {@code configs} (its config and directive snapshot). */
    @SafeVarargs
    public final Selection select(Map<String, Object>... configs) {
        Map<String, String> passed = new LinkedHashMap<>();
        List<String> notAllowed = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        for (Map<String, Object> config : configs) {
            if (config == null) {
                continue;
            }
            for (String name : ConfigSecrets.envReferences(config)) {
                if (passed.containsKey(name) || notAllowed.contains(name) || unset.contains(name)) {
                    continue;
                }
                String value = allowed.contains(name) ? lookup.apply(name) : null;
                if (!allowed.contains(name)) {
                    notAllowed.add(name);
                } else if (value == null || value.isBlank()) {
                    unset.add(name);
                } else {
                    passed.put(name, value);
                }
            }
        }
        return new Selection(passed, notAllowed, unset);
    }

    /**
     * What a worker gets, and the referenced variables it does not get with why.
     *
     * @param variables  name to value; the values are secrets, never shown ({@link #toString} and {@link #summary} name only)
     */
    public record Selection(Map<String, String> variables, List<String> notAllowed, List<String> unset) {

        public Selection {
            variables = Map.copyOf(Objects.requireNonNull(variables));
            notAllowed = notAllowed.stream().sorted().toList(); // sorted: the audit line reads the same whatever the config's key order
            unset = unset.stream().sorted().toList();
        }

        public boolean complete() {
            return notAllowed.isEmpty() && unset.isEmpty();
        }

        /** For the audit and the log: names only; empty when the config names no variable. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            if (!variables.isEmpty()) {
                parts.add("passed " + String.join(", ", new java.util.TreeSet<>(variables.keySet())));
            }
            if (!notAllowed.isEmpty()) {
                parts.add("not passed " + String.join(", ", notAllowed)
                        + " (not allowed by cyberbrain.launcher.worker-env-allowed)");
            }
            if (!unset.isEmpty()) {
                parts.add("not passed " + String.join(", ", unset) + " (not set for the launcher)");
            }
            return parts.isEmpty() ? "" : "worker environment: " + String.join("; ", parts);
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
