package io.cyberbrain.model.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.redaction.Redactor;

/**
 * A {@link RunNotice} rendered as human text, shared by the senders so that Discord and email say the same
 * thing. Every string has passed the redactor (rule 3, docs/design-rules.md), the link included: a public URL given as an
 * IP address is masked like any other, so operators should give it a host name.
 */
public record NoticeMessage(RunNotice notice, String title, String summary, List<Field> fields, String link, int color) {

    public record Field(String name, String value) {
    }

    static final int GREEN = 0x2ECC71;
    static final int RED = 0xE74C3C;
    static final int GREY = 0x95A5A6;

    /** @param publicUrl where operators reach Cyberbrain ({@code cyberbrain.public-url}) */
    public static NoticeMessage render(RunNotice n, String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        if (n.test()) {
            return redacted(n, "Cyberbrain test notification",
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
        return redacted(n, "Cyberbrain run " + n.runId() + " " + status, summary, fields, base + "/api/runs/" + n.runId(),
                color(n.status()));
    }

    /** The message as plain text (email bodies, logs): summary, one line per field, the link. */
    public String plainText() {
        StringBuilder text = new StringBuilder(summary).append("\n\n");
        fields.forEach(f -> text.append(f.name()).append(": ").append(f.value()).append('\n'));
        return text.append("Link: ").append(link).append('\n').toString();
    }

    private static NoticeMessage redacted(RunNotice n, String title, String summary, List<Field> fields, String link, int color) {
        Redactor r = Redactor.standard();
        List<Field> safe = fields.stream().map(f -> new Field(r.redact(f.name()), r.redact(f.value()))).toList();
        return new NoticeMessage(n, r.redact(title), r.redact(summary), safe, r.redact(link), color);
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
