package io.cyberbrain.api.investigation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.job.TaskKey;

/**
 * The planner that is always there: rules on the goal's words and the alert's labels give a fixed list of steps, and
 * the next step is the first of them not yet taken. It keeps no state of its own, so an engine that takes an
 * investigation over after a crash continues where the steps recorded say.
 * <ul>
 * <li>GPU words (gpu, vram, cuda, nvidia, ...): a GPU report and the GPU history;</li>
 * <li>a {@code container} label (or {@code container_name}, {@code name}): a triage of that container's logs;</li>
 * <li>network words (network, service map, dependency, ...): a service map;</li>
 * <li>otherwise, or besides: a triage of the shared logs, then a library search for the goal;</li>
 * <li>after any triage, the comparison with the last successful triage.</li>
 * </ul>
 */
final class DeterministicPlanner {

    static final Pattern GPU = Pattern.compile("\\b(gpus?|vram|cuda|nvidia|graphics|nvml|xid|ecc|oom|model load\\w*)\\b");
    static final Pattern NETWORK = Pattern.compile("\\b(network\\w*|service map|dependenc\\w*|talks? to|ports?|reachab\\w*|"
            + "connect\\w*|firewall|networkpolic\\w*)\\b");
    static final Pattern LOGS = Pattern.compile("\\b(logs?|errors?|warn\\w*|exceptions?|fail\\w*|crash\\w*|restart\\w*|"
            + "timeouts?|panic\\w*)\\b");
    static final List<String> CONTAINER_LABELS = List.of("container", "container_name", "name");

    private DeterministicPlanner() {
    }

    /** The whole plan for a goal and labels. */
    static List<PlannedStep> plan(String goal, Map<String, String> labels) {
        String text = (goal + " " + String.join(" ", labels.values())).toLowerCase(Locale.ROOT);
        List<PlannedStep> steps = new ArrayList<>();
        boolean gpu = GPU.matcher(text).find();
        boolean network = NETWORK.matcher(text).find();
        Optional<String> container = CONTAINER_LABELS.stream().map(labels::get).filter(v -> v != null && !v.isBlank())
                .findFirst();
        if (gpu) {
            steps.add(step(InvestigationTool.GPU_REPORT, Map.of()));
            steps.add(step(InvestigationTool.GPU_HISTORY, Map.of()));
        }
        container.ifPresent(c -> steps.add(step(InvestigationTool.LOG_TRIAGE, Map.of("containers", List.of(c)))));
        if (network) {
            steps.add(step(InvestigationTool.SERVICE_MAP, Map.of()));
        }
        boolean triaged = container.isPresent();
        if (steps.isEmpty() || LOGS.matcher(text).find() && !triaged) {
            steps.add(step(InvestigationTool.LOG_TRIAGE, Map.of()));
            triaged = true;
        }
        if (triaged) {
            steps.add(step(InvestigationTool.COMPARE_LAST_SUCCESS, Map.of("task", TaskKey.LOG_TRIAGE.wire())));
        }
        steps.add(step(InvestigationTool.LIBRARY_SEARCH, Map.of("query", query(goal, labels))));
        return steps;
    }

    /** The first step of the plan not taken yet; empty when the plan is done. */
    static Optional<PlannedStep> next(InvestigationState state) {
        return plan(state.goal(), state.labels()).stream()
                .filter(p -> state.steps().stream().noneMatch(p::sameAs)).findFirst();
    }

    private static String query(String goal, Map<String, String> labels) {
        String alert = labels.getOrDefault("alertname", "");
        String q = (alert.isBlank() ? goal : alert + " " + goal).strip();
        return q.length() <= ToolCatalog.MAX_QUERY ? q : q.substring(0, ToolCatalog.MAX_QUERY);
    }

    private static PlannedStep step(InvestigationTool tool, Map<String, Object> args) {
        try {
            return ToolCatalog.validateRules(tool, args);
        } catch (ToolCatalog.InvalidToolCall e) {
            // a container label that is not a plain name: the rule falls back to the tool without arguments
            return new PlannedStep(tool, Map.of());
        }
    }
}
