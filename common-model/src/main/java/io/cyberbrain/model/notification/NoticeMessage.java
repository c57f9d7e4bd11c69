package io.cyberbrain.model.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.redaction.Redactor;

/**
 * A {@link RunNotice} or an {@link InvestigationNotice} rendered as human text, shared by the senders so that Discord
 * and email say the same thing, with {@code facts}, the same counts as values for the webhook's JSON. Every string has
 * passed the redactor (rule 3, docs/design-rules.md), the link included: a public URL given as an IP address is masked
 * like any other, so operators should give it a host name.
 */
public record NoticeMessage(Map<String, Object> facts, String title, String summary, List<Field> fields, String link,
                            int color) {

    public record Field(String name, String value) {
    }

    static final int GREEN = 0x2ECC71;
    static final int RED = 0xE74C3C;
    static final int GREY = 0x95A5A6;

    /** @param publicUrl where operators reach Cyberbrain ({@code cyberbrain.public-url}) */
    public static NoticeMessage render(RunNotice n, String publicUrl) {
        String base = base(publicUrl);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("event", n.test() ? "test" : NotificationEvent.of(n.status()).map(NotificationEvent::wire).orElse(n.status().wire()));
        facts.put("run_id", n.test() ? null : n.runId());
        facts.put("status", n.status().wire());
        facts.put("tasks_ok", n.tasksOk());
        facts.put("tasks_failed", n.tasksFailed());
        facts.put("tasks_total", n.tasksTotal());
        facts.put("total_tokens", n.totalTokens());
        facts.put("duration_seconds", n.duration() == null ? null : n.duration().toSeconds());
        if (n.test()) {
            return redacted(facts, "Cyberbrain test notification",
                    "This target works. Run notifications look like this: counts only, never report text.",
                    List.of(new Field("Status", "test")), base + "/api/runs", GREY);
        }
        String status = n.status().wire();
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Status", status));
        fields.add(new Field("Tasks ok", Integer.toString(n.tasksOk())));
        fields.add(new Field("Tasks failed", Integer.toString(n.tasksFailed())));
        fields.add(new Field("Total tokens", Long.toString(n.totalTokens())));
        fields.add(new Field("Duration", n.duration() == null ? "unknown" : human(n.duration())));
        String summary = n.tasksOk() + " of " + n.tasksTotal() + " tasks ok, " + n.tasksFailed() + " failed";
        return redacted(facts, "Cyberbrain run " + n.runId() + " " + status, summary, fields, base + "/api/runs/" + n.runId(),
                color(n.status()));
    }

    /** @param publicUrl where operators reach Cyberbrain ({@code cyberbrain.public-url}) */
    public static NoticeMessage render(InvestigationNotice n, String publicUrl) {
        String status = n.status().wire();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("event", NotificationEvent.of(n.status()).map(NotificationEvent::wire).orElse(status));
        facts.put("investigation_id", n.investigationId());
        facts.put("status", status);
        facts.put("steps_done", n.stepsDone());
        facts.put("steps_not_done", n.stepsNotDone());
        facts.put("total_tokens", n.totalTokens());
        facts.put("duration_seconds", n.duration() == null ? null : n.duration().toSeconds());
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Status", status));
        fields.add(new Field("Steps done", Integer.toString(n.stepsDone())));
        fields.add(new Field("Steps not done", Integer.toString(n.stepsNotDone())));
        fields.add(new Field("Total tokens", Long.toString(n.totalTokens())));
        fields.add(new Field("Duration", n.duration() == null ? "unknown" : human(n.duration())));
        String summary = n.stepsDone() + " step(s) done, " + n.stepsNotDone() + " not done";
        int color = switch (n.status()) {
            case COMPLETED -> GREEN;
            case FAILED, BUDGET_EXHAUSTED -> RED;
            default -> GREY;
        };
        return redacted(facts, "Cyberbrain investigation " + n.investigationId() + " " + status, summary, fields,
                base(publicUrl) + "/api/investigations/" + n.investigationId(), color);
    }

    private static String base(String publicUrl) {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The message as plain text (email bodies, logs): summary, one line per field, the link. */
    public String plainText() {
        StringBuilder text = new StringBuilder(summary).append("\n\n");
        fields.forEach(f -> text.append(f.name()).append(": ").append(f.value()).append('\n'));
        return text.append("Link: ").append(link).append('\n').toString();
    }

    private static NoticeMessage redacted(Map<String, Object> facts, String title, String summary, List<Field> fields,
                                          String link, int color) {
        Redactor r = Redactor.standard();
        List<Field> safe = fields.stream().map(f -> new Field(r.redact(f.name()), r.redact(f.value()))).toList();
        return new NoticeMessage(java.util.Collections.unmodifiableMap(facts), r.redact(title), r.redact(summary), safe,
                r.redact(link), color);
    }

    private static int color(RunStatus status) {
        return switch (status) {
            case SUCCESS -> GREEN;
            case FAILED -> RED;
            default -> GREY;
        };
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        return (s / 3600) + "h " + (s % 3600 / 60) + "m " + (s % 60) + "s";
    }
}
