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
        Map<String, Object> payload = new LinkedHashMap<>(m.facts());
        payload.put("title", m.title());
        payload.put("link", m.link());
        return payload;
    }
}
