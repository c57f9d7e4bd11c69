package io.cyberbrain.api.investigation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.investigation.InvestigationStatus;
import io.cyberbrain.model.investigation.StepStatus;
import io.cyberbrain.redaction.Redactor;

/**
 * The report an investigation ends with, written by code from its steps: findings with their evidence (run ids,
 * templates, GPU figures, passages by title and id), what was not checked and why, tokens per step. No model text
 * can be in it: steps hold only validated arguments and outcomes built from structured results.
 */
final class InvestigationReport {

    private InvestigationReport() {
    }

    /** The report as JSON (stored and served) and as Markdown (the same content for people). */
    record Written(Map<String, Object> json, String markdown) {
    }

    static Written write(InvestigationState s, InvestigationStatus end, String reason) {
        Redactor redactor = Redactor.standard();
        List<Map<String, Object>> findings = new ArrayList<>();
        List<Map<String, Object>> notChecked = new ArrayList<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Map<String, Object>> fallbacks = new ArrayList<>();
        for (InvestigationState.Step step : s.steps()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("position", step.position());
            line.put("tool", step.tool().wire());
            line.put("status", step.status().wire());
            line.put("planned_by", step.plannedBy().wire());
            line.put("arguments", step.arguments());
            line.put("run_id", step.runId());
            line.put("prompt_tokens", step.inputTokens());
            line.put("completion_tokens", step.outputTokens());
            line.put("total_tokens", step.totalTokens());
            steps.add(line);
            if (!step.isToolStep()) {
                fallbacks.add(Map.of("position", step.position(), "reason", String.valueOf(step.note())));
                continue;
            }
            if (step.status() == StepStatus.DONE || step.status() == StepStatus.FAILED) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("step", step.position());
                f.put("tool", step.tool().wire());
                f.put("ok", step.status() == StepStatus.DONE);
                f.put("summary", redactor.redact(String.valueOf(step.note())));
                f.put("evidence", step.outcome() == null ? Map.of() : step.outcome());
                findings.add(f);
            } else {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("step", step.position());
                n.put("tool", step.tool().wire());
                n.put("why", why(step.status()));
                n.put("detail", redactor.redact(String.valueOf(step.note())));
                notChecked.add(n);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("investigation_id", s.id());
        json.put("status", end.wire());
        json.put("reason", reason);
        json.put("planner", s.planner().wire());
        json.put("directive", s.directive().label());
        json.put("findings", findings);
        json.put("not_checked", notChecked);
        json.put("planner_fallbacks", fallbacks);
        json.put("steps", steps);
        json.put("total_tokens", s.totalTokens());
        return new Written(json, markdown(s, end, reason, findings, notChecked, fallbacks, steps));
    }

    static String why(StepStatus status) {
        return switch (status) {
            case FORBIDDEN -> "forbidden";
            case DENIED -> "approval_denied";
            case NOT_RUN -> "budget";
            case CANCELLED -> "cancelled";
            default -> "not_finished";
        };
    }

    private static String markdown(InvestigationState s, InvestigationStatus end, String reason,
                                   List<Map<String, Object>> findings, List<Map<String, Object>> notChecked,
                                   List<Map<String, Object>> fallbacks, List<Map<String, Object>> steps) {
        StringBuilder md = new StringBuilder();
        md.append("# Investigation ").append(s.id()).append(": ").append(end.wire()).append("\n\n");
        if (reason != null) {
            md.append(Redactor.standard().redact(reason)).append("\n\n");
        }
        md.append("Directive: ").append(s.directive().label()).append(". Planner: ").append(s.planner().wire()).append(".\n\n");
        md.append("## Findings\n\n");
        if (findings.isEmpty()) {
            md.append("None.\n");
        }
        for (Map<String, Object> f : findings) {
            md.append("- Step ").append(f.get("step")).append(" (").append(f.get("tool")).append(")")
                    .append(Boolean.TRUE.equals(f.get("ok")) ? ": " : ", failed: ").append(f.get("summary")).append('\n');
            evidence(md, (Map<?, ?>) f.get("evidence"));
        }
        md.append("\n## Not checked\n\n");
        if (notChecked.isEmpty()) {
            md.append("Nothing.\n");
        }
        for (Map<String, Object> n : notChecked) {
            md.append("- Step ").append(n.get("step")).append(" (").append(n.get("tool")).append("): ").append(n.get("why"))
                    .append(" — ").append(n.get("detail")).append('\n');
        }
        if (!fallbacks.isEmpty()) {
            md.append("\n## Planner fallbacks\n\n");
            for (Map<String, Object> f : fallbacks) {
                md.append("- At step ").append(f.get("position")).append(": ").append(f.get("reason"))
                        .append("; the deterministic planner took over.\n");
            }
        }
        md.append("\nTokens in all: ").append(s.totalTokens()).append(".\n");
        md.append("\n## Steps and tokens\n\n| step | tool | status | planned by | run | prompt tokens | completion tokens |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Map<String, Object> st : steps) {
            md.append("| ").append(st.get("position")).append(" | ").append(st.get("tool")).append(" | ").append(st.get("status"))
                    .append(" | ").append(st.get("planned_by")).append(" | ").append(st.get("run_id") == null ? "" : st.get("run_id"))
                    .append(" | ").append(st.get("prompt_tokens")).append(" | ").append(st.get("completion_tokens")).append(" |\n");
        }
        return md.toString();
    }

    private static void evidence(StringBuilder md, Map<?, ?> e) {
        if (e == null) {
            return;
        }
        if (e.get("run_id") != null) {
            md.append("  - run ").append(e.get("run_id")).append(" ended ").append(e.get("run_status")).append('\n');
        }
        if (e.get("jobs") instanceof List<?> jobs) {
            for (Object o : jobs) {
                Map<?, ?> j = (Map<?, ?>) o;
                md.append("  - ").append(j.get("task")).append(": ").append(j.get("summary")).append('\n');
                if (j.get("templates") instanceof List<?> ts) {
                    for (Object t : ts) {
                        Map<?, ?> tm = (Map<?, ?>) t;
                        md.append("    - template ").append(tm.get("hash")).append(" (").append(tm.get("level")).append(", ")
                                .append(tm.get("count")).append(")\n");
                    }
                }
                if (j.get("gpus") instanceof List<?> gs) {
                    for (Object g : gs) {
                        md.append("    - GPU ").append(g).append('\n');
                    }
                }
            }
        }
        if (e.get("passages") instanceof List<?> ps) {
            for (Object p : ps) {
                Map<?, ?> pm = (Map<?, ?>) p;
                md.append("  - passage \"").append(pm.get("title")).append("\" (document ").append(pm.get("document_id"))
                        .append(", chunk ").append(pm.get("chunk_id")).append(", relevance ").append(pm.get("relevance"))
                        .append(")\n");
            }
        }
        if (e.get("baseline_run_id") != null) {
            md.append("  - run ").append(e.get("run_id")).append(" against run ").append(e.get("baseline_run_id"))
                    .append(": ").append(e.get("changes")).append('\n');
        }
        if (e.get("gpus") instanceof List<?> gs && e.get("hours") != null) {
            for (Object g : gs) {
                md.append("  - GPU ").append(g).append('\n');
            }
        }
    }
}
