package io.cyberbrain.launcher.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.DispatcherOff;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.run.RunJobClaims;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Claims filtered by target in the claiming statement: a host takes only the jobs meant for it. */
@QuarkusTest
@TestProfile(DispatcherOff.class)
class TargetedClaimTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    @Inject
    LeaseClaimer claimer;
    @Inject
    AgroalDataSource ds;

    @BeforeEach
    void twoHostsAndNoOtherWork() throws Exception {
        TestRuns.execute(ds, "update run_job set status = 'cancelled' where status in ('pending', 'running')");
        TestRuns.execute(ds, "delete from worker_host where name in ('claim-a', 'claim-b')");
        TestRuns.host(ds, "claim-a", "{\"site\": \"attic\"}", "enabled");
        TestRuns.host(ds, "claim-b", "{\"site\": \"basement\", \"gpu\": \"true\"}", "enabled");
    }

    @Test
    void aJobTargetedAtOneHostIsNeverClaimedByAnother() throws Exception {
        List<Long> forB = TestRuns.pendingJobs(ds, 5);
        TestRuns.execute(ds, "update run_job set target_host = 'claim-b' where id = any('" + TestRuns.array(forB) + "')");
        List<Long> any = TestRuns.pendingJobs(ds, 2);

        List<Long> byA = drain("claim-a");
        assertEquals(new HashSet<>(any), new HashSet<>(byA), "A takes the untargeted jobs and none of B's");
        assertEquals(new HashSet<>(forB), new HashSet<>(drain("claim-b")));
        assertEquals("claim-b", TestRuns.string(ds, "select host_name from run_job where id = " + forB.get(0)),
                "the claim records the host");
    }

    @Test
    void aLabelSelectorIsClaimedOnlyByAHostWithThoseLabels() throws Exception {
        List<Long> gpu = TestRuns.pendingJobs(ds, 3);
        TestRuns.execute(ds, "update run_job set target_labels = '{\"gpu\": \"true\"}' where id = any('" + TestRuns.array(gpu) + "')");
        assertEquals(List.of(), drain("claim-a"));
        assertEquals(new HashSet<>(gpu), new HashSet<>(drain("claim-b")));
    }

    @Test
    void aDrainingOrDisabledHostClaimsNothingAndTakesItUpAgainWhenEnabled() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 2);
        TestRuns.execute(ds, "update worker_host set state = 'draining' where name = 'claim-a'");
        assertEquals(List.of(), claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost("claim-a"), "a", LEASE, 5)
                .await().indefinitely());
        TestRuns.execute(ds, "update worker_host set state = 'disabled' where name = 'claim-a'");
        assertEquals(List.of(), claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost("claim-a"), "a", LEASE, 5)
                .await().indefinitely());
        TestRuns.execute(ds, "update worker_host set state = 'enabled' where name = 'claim-a'");
        assertEquals(new HashSet<>(jobs), new HashSet<>(drain("claim-a")));
    }

    @Test
    void aHostThatHasNotRegisteredClaimsNothing() throws Exception {
        TestRuns.pendingJobs(ds, 1);
        assertEquals(List.of(), claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost("claim-unknown"), "u", LEASE, 5)
                .await().indefinitely());
    }

    @Test
    void aRecoveredJobIsRetakenOnlyByAHostMatchingItsTarget() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 1);
        long job = jobs.get(0);
        TestRuns.execute(ds, "update run_job set target_labels = '{\"site\": \"basement\"}' where id = " + job);
        assertEquals(jobs, claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost("claim-b"), "dead-b", Duration.ofSeconds(-1), 1)
                .await().indefinitely());
        LeaseClaimer.Recovery recovery = claimer.recoverExpired(RunJobClaims.SPEC).await().indefinitely();
        assertEquals(jobs, recovery.requeued());
        assertEquals(null, TestRuns.string(ds, "select host_name from run_job where id = " + job), "put back: no host holds it");
        assertTrue(TestRuns.string(ds, "select queued_at > created_at from run_job where id = " + job).equals("t"),
                "it waits for a host again from its recovery on");
        assertEquals(List.of(), drain("claim-a"));
        assertEquals(jobs, drain("claim-b"));
    }

    private List<Long> drain(String host) {
        List<Long> mine = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        List<Long> batch;
        do {
            batch = claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost(host), host + "-launcher", LEASE, 3)
                    .await().indefinitely();
            batch.forEach(id -> assertTrue(seen.add(id), "claimed once"));
            mine.addAll(batch);
        } while (!batch.isEmpty());
        return mine;
    }
}
