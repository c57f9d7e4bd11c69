package io.cyberbrain.model.notification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts to a Discord webhook: a one-line {@code content} and one embed with the counts as fields. Mentions
 * are switched off so that no text can ping a channel.
 */
@ApplicationScoped
public class DiscordSender implements NotificationSender {

    private final JsonPoster poster;

    public DiscordSender(JsonPoster poster) {
        this.poster = poster;
    }

    @Override
    public NotificationKind kind() {
        return NotificationKind.DISCORD;
    }

    @Override
    public DeliveryResult send(Map<String, Object> settings, NoticeMessage message) {
        return poster.post(TargetConfig.httpUrl(settings.get(TargetConfig.WEBHOOK_URL)), payload(settings, message));
    }

    static Map<String, Object> payload(Map<String, Object> settings, NoticeMessage m) {
        List<Map<String, Object>> fields = new ArrayList<>();
        m.fields().forEach(f -> fields.add(Map.of("name", f.name(), "value", f.value(), "inline", true)));
        // The link goes in a field, not the embed's url: Discord rejects the whole message for a malformed url,
        // and a redacted link can be one.
        fields.add(Map.of("name", "Link", "value", m.link(), "inline", false));
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", m.title());
        embed.put("description", m.summary());
        embed.put("color", m.color());
        embed.put("fields", fields);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("content", m.title());
        payload.put("embeds", List.of(embed));
        payload.put("allowed_mentions", Map.of("parse", List.of()));
        String username = TargetConfig.string(settings, TargetConfig.USERNAME, null);
        if (username != null) {
            payload.put("username", username);
        }
        return payload;
    }
}
