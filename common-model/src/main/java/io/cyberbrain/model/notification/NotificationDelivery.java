package io.cyberbrain.model.notification;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cyberbrain.model.error.InvalidRequestException.FieldError;

/**
 * Delivers a notice to one target: checks its config, resolves {@code *_env} secrets, renders the notice
 * and hands it to the sender of the target's kind. Blocking (network I/O): call it from a worker thread.
 */
@ApplicationScoped
public class NotificationDelivery {

    private final Map<NotificationKind, NotificationSender> senders = new EnumMap<>(NotificationKind.class);
    private final EnvironmentVariables env;
    private final String publicUrl;

    public NotificationDelivery(Instance<NotificationSender> senders, EnvironmentVariables env,
                                @ConfigProperty(name = "cyberbrain.public-url", defaultValue = "http://localhost:9595")
                                String publicUrl) {
        senders.forEach(s -> this.senders.put(s.kind(), s));
        this.env = env;
        this.publicUrl = publicUrl;
    }

    public DeliveryResult deliver(NotificationTarget target, RunNotice notice) {
        return deliver(target.kind, target.config, notice);
    }

    public DeliveryResult deliver(NotificationKind kind, Map<String, Object> config, RunNotice notice) {
        return deliver(kind, config, url -> NoticeMessage.render(notice, url));
    }

    public DeliveryResult deliver(NotificationKind kind, Map<String, Object> config, InvestigationNotice notice) {
        return deliver(kind, config, url -> NoticeMessage.render(notice, url));
    }

    private DeliveryResult deliver(NotificationKind kind, Map<String, Object> config,
                                   java.util.function.Function<String, NoticeMessage> render) {
        List<FieldError> problems = TargetConfig.validate(kind, config);
        if (!problems.isEmpty()) {
            // Stored configs were validated when saved; this catches rows written around the API.
            return DeliveryResult.permanent("the target's config is invalid: " + problems.get(0).field() + " "
                    + problems.get(0).message());
        }
        Map<String, Object> settings;
        try {
            settings = TargetSecrets.resolve(config, env);
        } catch (TargetSecrets.MissingSecretException e) {
            return DeliveryResult.permanent(e.getMessage());
        }
        NotificationSender sender = senders.get(kind);
        if (sender == null) {
            return DeliveryResult.permanent("no sender for targets of kind " + kind.wire());
        }
        try {
            return sender.send(settings, render.apply(publicUrl));
        } catch (RuntimeException e) {
            // A sender bug must not leave the notification claimed forever; the reason is redacted.
            return DeliveryResult.retryable("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
