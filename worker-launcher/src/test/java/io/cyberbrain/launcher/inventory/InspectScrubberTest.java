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
    @SuppressWarnings("unchecked")
    void secretsNamedAsSuchInTheEnvironmentLabelsAndCommandAreMasked() {
        Map<String, Object> inspect = Map.of("Id", "abc", "Args", List.of("--db-password=Plain-Pa55word-1"),
                "Config", Map.of("Image", "db:16",
                        "Env", List.of("POSTGRES_PASSWORD=Plain-Pa55word-2", "GITHUB_TOKEN=plain-token-3", "POSTGRES_USER=app"),
                        "Labels", Map.of("com.example.api_key", "plain-label-key-4", "com.docker.compose.service", "db"),
                        "Cmd", List.of("postgres", "--password", "Plain-Pa55word-5")));
        Map<String, Object> scrubbed = InspectScrubber.scrub(inspect, Redactor.standard());
        String all = scrubbed.toString();
        for (String secret : List.of("Plain-Pa55word-1", "Plain-Pa55word-2", "plain-token-3", "plain-label-key-4", "Plain-Pa55word-5")) {
            assertFalse(all.contains(secret), secret + " is gone: " + all);
        }
        Map<String, Object> config = (Map<String, Object>) scrubbed.get("Config");
        assertEquals(List.of("POSTGRES_PASSWORD=********", "GITHUB_TOKEN=********", "POSTGRES_USER=app"), config.get("Env"));
        assertEquals("db", ((Map<String, Object>) config.get("Labels")).get("com.docker.compose.service"));
        assertEquals("db:16", config.get("Image"));
    }

    @Test
    void objectsWithoutAnEnvironmentAreLeftAlone() {
        Map<String, Object> inspect = Map.of("Id", "abc");
        assertEquals(inspect, InspectScrubber.scrub(inspect, Redactor.standard()));
    }
}
