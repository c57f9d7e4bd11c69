package io.cyberbrain.model.notification;

import java.util.Map;

/** Speaks one kind of target's protocol. */
public interface NotificationSender {

    NotificationKind kind();

    /**
     * Sends one rendered message. Never throws: every failure is a result, classified as retryable or not.
     *
     * @param settings the target's validated config with secrets already resolved (no {@code *_env} keys)
     */
    DeliveryResult send(Map<String, Object> settings, NoticeMessage message);
}
