package io.cyberbrain.scheduler;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** For tests that fire schedules themselves: the application's own loop would otherwise fire the same rows. */
public class SchedulerOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cyberbrain.scheduler.enabled", "false");
    }
}
