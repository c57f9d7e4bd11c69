package io.cyberbrain.launcher.host;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A launcher that claims nothing itself, registered under a name and labels of its own. */
public class NamedHost implements QuarkusTestProfile {

    static final String NAME = "registry-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cyberbrain.launcher.enabled", "false", "cyberbrain.host.name", NAME,
                "cyberbrain.host.labels", "gpu=true,site=lab", "cyberbrain.launcher.concurrency", "3");
    }
}
