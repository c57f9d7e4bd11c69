package io.cyberbrain.api.investigation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.cyberbrain.model.investigation.InvestigationTool;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.support.WireEnum;

/**
 * The tools a planner may choose and the one check of their arguments. The rules' own steps may carry text they took
 * from the goal and the labels (a library query, a container name, file globs). A model's call may carry no free text
 * at all (rule 2): only values from a fixed {@link Vocabulary} (allowlisted container names, hashes of templates that
 * earlier steps found), enums and whole numbers; anything else is refused and nothing of it is kept.
 */
final class ToolCatalog {

    static final int MAX_QUERY = 300;
    static final int MAX_ITEMS = 20;
    static final int MAX_ITEM = 200;
    static final int MAX_HOURS = 24 * 14;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.*/\\-\\[\\]]{1," + MAX_ITEM + "}");

    /** The values a model may choose from for this investigation. */
    record Vocabulary(Set<String> containers, Set<String> templates) {
    }

    /** A tool call whose arguments do not fit; the message says which argument, never echoing its value. */
    static final class InvalidToolCall extends Exception {
        InvalidToolCall(String message) {
            super(message);
        }
    }

    private ToolCatalog() {
    }

    static String description(InvestigationTool tool) {
        return switch (tool) {
            case LOG_TRIAGE -> "Run a log triage: errors, warnings, new templates and spikes since the last successful triage."
                    + " Optional containers (allowlisted names) narrow it to their logs.";
            case GPU_REPORT -> "Run a GPU report: VRAM, utilisation, temperature, processes and headroom per GPU.";
            case SERVICE_MAP -> "Run a service map: which containers talk to which. Optional scope: allowlist or all.";
            case LIBRARY_SEARCH -> "Search the document library (runbooks) about the goal, or about a template an earlier"
                    + " step found (its hash).";
            case COMPARE_LAST_SUCCESS -> "Compare the latest run of a task (log_triage, gpu_report, service_map) with its last"
                    + " successful run.";
            case GPU_HISTORY -> "GPU history: per GPU, peaks of memory, utilisation and temperature over the last hours.";
            case PLANNER_FALLBACK -> throw new IllegalArgumentException("not a tool");
        };
    }

    /** The JSON schema of a tool's arguments for a model, its enums filled from {@code v}. */
    static Map<String, Object> parameters(InvestigationTool tool, Vocabulary v) {
        Map<String, Object> props = new LinkedHashMap<>();
        switch (tool) {
            case LOG_TRIAGE -> props.put("containers", Map.of("type", "array", "maxItems", MAX_ITEMS,
                    "items", Map.of("type", "string", "enum", List.copyOf(v.containers()))));
            case SERVICE_MAP -> props.put("scope", Map.of("type", "string", "enum", List.of("allowlist", "all")));
            case LIBRARY_SEARCH -> props.put("template", Map.of("type", "string", "enum", List.copyOf(v.templates())));
            case COMPARE_LAST_SUCCESS -> props.put("task", Map.of("type", "string",
                    "enum", List.of("log_triage", "gpu_report", "service_map")));
            case GPU_HISTORY -> props.put("hours", Map.of("type", "integer", "minimum", 1, "maximum", MAX_HOURS));
            default -> {
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** The tool named {@code name}, if a planner may choose it. */
    static InvestigationTool tool(String name) throws InvalidToolCall {
        if (name == null || name.length() > 40) {
            throw new InvalidToolCall("unknown tool");
        }
        InvestigationTool tool = WireEnum.parse(InvestigationTool.class, name).orElse(null);
        if (tool == null || tool == InvestigationTool.PLANNER_FALLBACK) {
            throw new InvalidToolCall("unknown tool");
        }
        return tool;
    }

    /** A model's arguments: only the vocabulary's values, enums and numbers. */
    static PlannedStep validateModel(InvestigationTool tool, Map<String, Object> args, Vocabulary v) throws InvalidToolCall {
        Map<String, Object> in = args == null ? Map.of() : args;
        Set<String> allowed = ((Map<?, ?>) parameters(tool, v).get("properties")).keySet().stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.toSet());
        for (String key : in.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidToolCall("unknown argument for " + tool.wire());
            }
        }
        Map<String, Object> out = common(tool, in);
        if (tool == InvestigationTool.LOG_TRIAGE && in.get("containers") != null) {
            List<String> names = names(in, "containers");
            if (!v.containers().containsAll(names)) {
                throw new InvalidToolCall("containers must be enabled containers of the allowlist");
            }
            out.put("containers", names);
        }
        if (tool == InvestigationTool.LIBRARY_SEARCH && in.get("template") != null) {
            if (!(in.get("template") instanceof String t) || !v.templates().contains(t)) {
                throw new InvalidToolCall("template must be the hash of a template an earlier step found");
            }
            out.put("template", t);
        }
        return new PlannedStep(tool, out);
    }

    /** The rules' arguments, which may carry the goal's and the labels' text. */
    static PlannedStep validateRules(InvestigationTool tool, Map<String, Object> args) throws InvalidToolCall {
        Map<String, Object> out = common(tool, args);
        if (tool == InvestigationTool.LOG_TRIAGE) {
            for (String key : List.of("files", "containers")) {
                if (args.get(key) != null) {
                    out.put(key, names(args, key));
                }
            }
        }
        if (tool == InvestigationTool.LIBRARY_SEARCH && args.get("query") != null) {
            if (!(args.get("query") instanceof String q) || q.isBlank() || q.length() > MAX_QUERY) {
                throw new InvalidToolCall("query must be text of 1 to " + MAX_QUERY + " characters");
            }
            out.put("query", q.strip());
        }
        return new PlannedStep(tool, out);
    }

    /** The arguments both kinds of planner give the same way: enums and numbers. */
    private static Map<String, Object> common(InvestigationTool tool, Map<String, Object> in) throws InvalidToolCall {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (tool) {
            case SERVICE_MAP -> {
                Object scope = in.get("scope");
                if (scope != null) {
                    if (!"allowlist".equals(scope) && !"all".equals(scope)) {
                        throw new InvalidToolCall("scope must be allowlist or all");
                    }
                    out.put("scope", scope);
                }
            }
            case COMPARE_LAST_SUCCESS -> {
                Object task = in.getOrDefault("task", TaskKey.LOG_TRIAGE.wire());
                TaskKey key = task instanceof String t && t.length() <= 20
                        ? WireEnum.parse(TaskKey.class, t).orElse(null) : null;
                if (key == null) {
                    throw new InvalidToolCall("task must be log_triage, gpu_report or service_map");
                }
                out.put("task", key.wire());
            }
            case GPU_HISTORY -> {
                Object hours = in.get("hours");
                if (hours != null) {
                    if (!(hours instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                            || n.doubleValue() < 1 || n.doubleValue() > MAX_HOURS) {
                        throw new InvalidToolCall("hours must be a whole number from 1 to " + MAX_HOURS);
                    }
                    out.put("hours", n.intValue());
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static List<String> names(Map<String, Object> in, String key) throws InvalidToolCall {
        Object v = in.get(key);
        if (!(v instanceof List<?> list) || list.isEmpty() || list.size() > MAX_ITEMS) {
            throw new InvalidToolCall(key + " must be a list of 1 to " + MAX_ITEMS + " names");
        }
        List<String> names = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || !NAME.matcher(s).matches()) {
                throw new InvalidToolCall(key + " must hold plain names or globs");
            }
            if (!names.contains(s)) {
                names.add(s);
            }
        }
        return List.copyOf(names);
    }
}
