package io.cyberbrain.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A launcher registers its host at start, heart-beats it, and leaves an admin's labels and state alone. */
@QuarkusTest
@TestProfile(NamedHost.class)
class HostRegistryTest {

    @Inject
    HostRegistry registry;
    @Inject
    AgroalDataSource ds;

    @Test
    void theHostIsRegisteredAtStartWithWhatItIs() throws Exception {
        String row = "select %s from worker_host where name = '" + NamedHost.NAME + "'";
        assertEquals("enabled", TestRuns.string(ds, row.formatted("state")));
        assertEquals("{\"gpu\": \"true\", \"site\": \"lab\"}", TestRuns.string(ds, row.formatted("labels")));
        assertEquals("process", TestRuns.string(ds, row.formatted("executor")));
        assertEquals("3", TestRuns.string(ds, row.formatted("max_concurrent_jobs")));
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), TestRuns.string(ds, row.formatted("cpu_count")));
        assertNotNull(TestRuns.string(ds, row.formatted("version")));
        assertNull(TestRuns.string(ds, row.formatted("stopped_at")));
    }

    @Test
    void aHeartbeatMovesTheLastHeartbeatOn() throws Exception {
        registry.heartbeat();
        TestRuns.execute(ds, "update worker_host set last_heartbeat_at = now() - interval '1 hour' where name = '" + NamedHost.NAME + "'");
        registry.heartbeat();
        assertEquals("t", TestRuns.string(ds, "select last_heartbeat_at > now() - interval '1 minute' from worker_host where name = '"
                + NamedHost.NAME + "'"));
    }

    @Test
    void aHostRemovedWhileItRunsRegistersAgainAtItsNextHeartbeat() throws Exception {
        registry.heartbeat();
        TestRuns.execute(ds, "delete from worker_host where name = '" + NamedHost.NAME + "'");
        registry.heartbeat();
        assertEquals("1", TestRuns.string(ds, "select count(*) from worker_host where name = '" + NamedHost.NAME + "'"));
    }

    @Test
    void anAdminsLabelsAndStateSurviveARestartUntilTheConfiguredLabelsChange() throws Exception {
        String where = " where name = '" + NamedHost.NAME + "'";
        TestRuns.execute(ds, "update worker_host set labels = '{\"site\": \"garage\"}', state = 'draining'" + where);
        registry.register();
        assertEquals("{\"site\": \"garage\"}", TestRuns.string(ds, "select labels from worker_host" + where));
        assertEquals("draining", TestRuns.string(ds, "select state from worker_host" + where), "registration never changes the state");

        // The launcher's configuration changed since its last registration: the configured labels apply again.
        TestRuns.execute(ds, "update worker_host set configured_labels = '{\"site\": \"old\"}'" + where);
        registry.register();
        assertEquals("{\"gpu\": \"true\", \"site\": \"lab\"}", TestRuns.string(ds, "select labels from worker_host" + where));
        TestRuns.execute(ds, "update worker_host set state = 'enabled'" + where);
    }

    @Test
    void labelsThatNoSelectorCouldMatchStopTheLauncher() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> HostIdentity.parse(java.util.List.of("gpu=true", "no value here", "bad key!=x")));
        assertTrue(refused.getMessage().contains("'no value here' is not key=value"), refused.getMessage());
        assertTrue(refused.getMessage().contains("bad key!"), refused.getMessage());
    }
}
