package io.cyberbrain.launcher.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.redaction.Redactor;

class InspectScrubberTest {

    @Test
    void passwordsLeaveTheEnvironmentButHostsStay() {
        Map<String, Object> inspect = Map.of("Id", "abc", "Config", Map.of("Image", "api:1",
                "Env", List.of("DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/app", "TZ=UTC", "NOVALUE")));
        @SuppressWarnings("unchecked")
        List<String> env = (List<String>) ((Map<String, Object>) InspectScrubber.scrub(inspect, Redactor.standard()).get("Config")).get("Env");
        assertFalse(env.get(0).contains("s3cr3t-pw"), env.get(0));
        assertTrue(env.get(0).startsWith("DATABASE_URL=postgres://") && env.get(0).contains("@db:5432/app"), env.get(0));
        assertEquals("TZ=UTC", env.get(1));
        assertEquals("NOVALUE", env.get(2));
    }

    @Test
    void objectsWithoutAnEnvironmentAreLeftAlone() {
        Map<String, Object> inspect = Map.of("Id", "abc");
        assertEquals(inspect, InspectScrubber.scrub(inspect, Redactor.standard()));
    }
}
