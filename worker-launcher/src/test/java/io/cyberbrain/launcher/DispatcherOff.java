package io.cyberbrain.launcher;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * For tests that claim jobs themselves: the application's own dispatcher would otherwise claim and recover
 * the same rows at the same time.
 */
public class DispatcherOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cyberbrain.launcher.enabled", "false");
    }
}
