package io.cyberbrain.launcher.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.run.RunJobClaims;
import io.cyberbrain.launcher.DispatcherOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The claim/lease helper against real Postgres, with run jobs as the claimed work. */
@QuarkusTest
@TestProfile(DispatcherOff.class)
class LeaseClaimerTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    @Inject
    LeaseClaimer claimer;
    @Inject
    AgroalDataSource ds;

    @BeforeEach
    void noOtherPendingWork() throws Exception {
        TestRuns.execute(ds, "update run_job set status = 'cancelled' where status in ('pending', 'running')");
    }

    @Test
    void concurrentClaimersTakeEveryJobExactlyOnce() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 60);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            String owner = "claimer-" + c;
            Callable<List<Long>> drain = () -> {
                List<Long> mine = new ArrayList<>();
                List<Long> batch;
                do {
                    batch = claimer.claim(RunJobClaims.SPEC, owner, LEASE, 3).await().indefinitely();
                    mine.addAll(batch);
                } while (!batch.isEmpty());
                return mine;
            };
            claims.add(pool.submit(drain));
        }
        Set<Long> seen = new HashSet<>();
        int total = 0;
        for (Future<List<Long>> f : claims) {
            List<Long> mine = f.get();
            total += mine.size();
            seen.addAll(mine);
        }
        pool.shutdown();
        assertEquals(jobs.size(), total, "no job claimed twice");
        assertEquals(new HashSet<>(jobs), seen, "every job claimed");
        assertEquals("running", TestRuns.status(ds, jobs.get(0)));
        assertEquals("1", TestRuns.string(ds, "select attempts from run_job where id = " + jobs.get(0)));
    }

    @Test
    void heartbeatExtendsOnlyTheOwnersLeases() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 2);
        List<Long> mine = claimer.claim(RunJobClaims.SPEC, "a", LEASE, 1).await().indefinitely();
        List<Long> theirs = claimer.claim(RunJobClaims.SPEC, "b", LEASE, 1).await().indefinitely();
        assertEquals(mine, claimer.heartbeat(RunJobClaims.SPEC, "a", jobs, LEASE).await().indefinitely());
        assertEquals(theirs, claimer.heartbeat(RunJobClaims.SPEC, "b", jobs, LEASE).await().indefinitely());
    }

    @Test
    void releaseGivesJobsBackWithoutCountingTheAttempt() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 1);
        claimer.claim(RunJobClaims.SPEC, "a", LEASE, 1).await().indefinitely();
        assertEquals(jobs, claimer.release(RunJobClaims.SPEC, "a", jobs).await().indefinitely());
        assertEquals("pending", TestRuns.status(ds, jobs.get(0)));
        assertEquals("0", TestRuns.string(ds, "select attempts from run_job where id = " + jobs.get(0)));
        assertEquals(List.of(), claimer.release(RunJobClaims.SPEC, "b", jobs).await().indefinitely(),
                "nobody releases what they do not hold");
    }

    @Test
    void expiredLeasesAreRequeuedThenGivenUpAfterTheLastAttempt() throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 1);
        long job = jobs.get(0);
        Duration expired = Duration.ofSeconds(-1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(jobs, claimer.claim(RunJobClaims.SPEC, "dead-" + attempt, expired, 1).await().indefinitely());
            LeaseClaimer.Recovery recovery = claimer.recoverExpired(RunJobClaims.SPEC).await().indefinitely();
            if (attempt < 3) {
                assertEquals(jobs, recovery.requeued());
                assertEquals("pending", TestRuns.status(ds, job));
            } else {
                assertEquals(jobs, recovery.givenUp());
            }
        }
        assertEquals("failed", TestRuns.status(ds, job));
        assertTrue(TestRuns.string(ds, "select error_summary from run_job where id = " + job).contains("lease expired"));
        assertEquals(List.of(), claimer.claim(RunJobClaims.SPEC, "late", LEASE, 1).await().indefinitely());
    }

    @Test
    void liveLeasesAreNotRecovered() throws Exception {
        TestRuns.pendingJobs(ds, 1);
        claimer.claim(RunJobClaims.SPEC, "alive", LEASE, 1).await().indefinitely();
        assertTrue(claimer.recoverExpired(RunJobClaims.SPEC).await().indefinitely().isEmpty());
    }
}
