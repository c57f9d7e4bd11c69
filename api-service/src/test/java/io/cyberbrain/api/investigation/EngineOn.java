package io.cyberbrain.api.investigation;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The investigation engine on, with short intervals and no LLM: the deterministic planner plans. */
public class EngineOn implements QuarkusTestProfile {

    static Map<String, String> engine() {
        Map<String, String> c = new HashMap<>();
        c.put("cyberbrain.investigation.enabled", "true");
        c.put("cyberbrain.investigation.poll-interval", "1s");
        c.put("cyberbrain.investigation.heartbeat-interval", "1s");
        c.put("cyberbrain.investigation.lease", "4s");
        c.put("cyberbrain.investigation.instance-id", "engine-under-test");
        // the notification test's receiver listens on loopback
        c.put("cyberbrain.notifications.allowed-cidrs", "127.0.0.1/32");
        return c;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return engine();
    }
}
