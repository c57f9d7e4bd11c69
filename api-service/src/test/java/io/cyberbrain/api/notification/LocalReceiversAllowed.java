package io.cyberbrain.api.notification;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The fake webhook receiver and GreenMail listen on loopback, which notifications reach only when allowed. */
public class LocalReceiversAllowed implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cyberbrain.notifications.allowed-cidrs", "127.0.0.1/32");
    }
}
