package io.cyberbrain.api.alert;

import static io.cyberbrain.api.alert.AlertFixtures.firing;
import static io.cyberbrain.api.alert.AlertFixtures.rule;
import static io.cyberbrain.api.alert.AlertFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cyberbrain.api.investigation.InvestigationStarter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

/**
 * A rule whose action is an investigation reaches the investigation seam with the alert, the goal filled from its
 * labels, the directive and the budgets; a repeat within the quiet window starts none. The investigations themselves
 * are another feature's: here the seam records what it was asked.
 */
@QuarkusTest
@TestProfile(AlertInvestigationSeamTest.WithStarter.class)
class AlertInvestigationSeamTest {

    /** The seam's recording implementation, selected only in this test's application. */
    @Alternative
    @ApplicationScoped
    public static class RecordingStarter implements InvestigationStarter {

        private final List<AlertInvestigation> requests = new CopyOnWriteArrayList<>();

        /** What it was asked, oldest first (a method: the test holds a client proxy, whose fields are its own). */
        public List<AlertInvestigation> requests() {
            return requests;
        }

        @Override
        public Uni<Long> startFromAlert(AlertInvestigation request) {
            requests.add(request);
            return Uni.createFrom().item(1000L + requests.size());
        }
    }

    public static class WithStarter implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordingStarter.class);
        }
    }

    @Inject
    RecordingStarter starter;

    @Test
    void anInvestigationRuleStartsOneInvestigationWithTheGoalFilledFromTheLabels() {
        String name = unique("Investigate");
        long rule = rule(Map.of("name", unique("investigate-"), "alert_name", name, "action", "investigation",
                "goal", "Why is {{ $labels.instance }} down?", "directive_id", 1, "max_steps", 6, "max_tokens", 20000));
        String fingerprint = unique("fp");
        JsonPath stored = firing(name, fingerprint, Map.of("instance", "nas"));
        assertEquals("investigation_started", stored.getString("decision"));
        assertEquals(rule, stored.getLong("rule_id"));
        assertNull(stored.get("run_id"));
        long investigation = stored.getLong("investigation_id");

        InvestigationStarter.AlertInvestigation asked = starter.requests().get(starter.requests().size() - 1);
        assertEquals(stored.getLong("id"), asked.alertId());
        assertEquals("Why is nas down?", asked.goal());
        assertEquals(1, asked.directiveId());
        assertEquals("nas", asked.labels().get("instance"));
        assertEquals(6, asked.maxSteps());
        assertNull(asked.maxWallSeconds());
        assertEquals(20000L, asked.maxTokens());

        int before = starter.requests().size();
        JsonPath repeat = firing(name, fingerprint, Map.of("instance", "nas"));
        assertEquals("duplicate", repeat.getString("decision"));
        assertEquals(investigation, repeat.getLong("investigation_id"));
        assertEquals(before, starter.requests().size(), "a repeat starts no investigation");
        assertEquals("resolved", AlertFixtures.resolved(name, fingerprint).getString("decision"));
    }
}
