package io.cyberbrain.launcher.notify;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Polling as often as the scheduler allows, short backoff and a limit of three sends, so retries happen within a test;
 * loopback allowed for the local receivers.
 */
public class FastNotifications implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "cyberbrain.notifications.poll-interval", "1s",
                "cyberbrain.notifications.backoff", "100ms",
                "cyberbrain.notifications.max-backoff", "400ms",
                "cyberbrain.notifications.max-attempts", "3",
                "cyberbrain.public-url", "https://cyberbrain.example.org/",
                // The fake receivers listen on loopback, which notifications may not reach unless allowed.
                "cyberbrain.notifications.allowed-cidrs", "127.0.0.1/32");
    }
}
