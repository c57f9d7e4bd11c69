package io.cyberbrain.model.notification;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** Posts the counts as a flat JSON object, for any receiver that is not Discord. */
@ApplicationScoped
public class WebhookSender implements NotificationSender {

    private final JsonPoster poster;

    public WebhookSender(JsonPoster poster) {
        this.poster = poster;
    }

    @Override
    public NotificationKind kind() {
        return NotificationKind.WEBHOOK;
    }

    @Override
    public DeliveryResult send(Map<String, Object> settings, NoticeMessage message) {
        return poster.post(TargetConfig.httpUrl(settings.get(TargetConfig.WEBHOOK_URL)), payload(message));
    }

    static Map<String, Object> payload(NoticeMessage m) {
        RunNotice n = m.notice();
        Map<String, Object> payload = new LinkedHashMap<>();
        String event = NotificationEvent.of(n.status()).map(NotificationEvent::wire).orElse(n.status().wire());
        payload.put("event", n.test() ? "test" : event);
        payload.put("run_id", n.test() ? null : n.runId());
        payload.put("status", n.status().wire());
        payload.put("tasks_ok", n.tasksOk());
        payload.put("tasks_failed", n.tasksFailed());
        payload.put("tasks_total", n.tasksTotal());
        payload.put("total_tokens", n.totalTokens());
        payload.put("duration_seconds", n.duration() == null ? null : n.duration().toSeconds());
        payload.put("title", m.title());
        payload.put("link", m.link());
        return payload;
    }
}
