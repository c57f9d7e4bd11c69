package io.cyberbrain.launcher.host;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.TestRuns;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A pending job that no online, enabled host can take fails with the reason once it waited longer than the configured
 * time (10 minutes here, the default); one whose host is merely busy waits on.
 */
@QuarkusTest
@TestProfile(NamedHost.class)
class UnplacedJobsTest {

    @Inject
    UnplacedJobs unplaced;
    @Inject
    AgroalDataSource ds;

    @BeforeEach
    void hosts() throws Exception {
        TestRuns.execute(ds, "update run_job set status = 'cancelled' where status in ('pending', 'running')");
        TestRuns.execute(ds, "delete from worker_host where name like 'unplaced-%'");
        TestRuns.host(ds, "unplaced-online", "{\"gpu\": \"true\"}", "enabled");
        TestRuns.host(ds, "unplaced-gone", "{}", "enabled");
        TestRuns.execute(ds, "update worker_host set last_heartbeat_at = now() - interval '1 hour' where name = 'unplaced-gone'");
        TestRuns.host(ds, "unplaced-draining", "{}", "draining");
    }

    @Test
    void aJobWaitingTooLongForAHostThatIsNotThereFailsWithTheReason() throws Exception {
        long gone = target("target_host = 'unplaced-gone'", "11 minutes");
        long draining = target("target_host = 'unplaced-draining'", "11 minutes");
        long labels = target("target_labels = '{\"site\": \"moon\"}'", "11 minutes");
        long busy = target("target_host = 'unplaced-online'", "11 minutes");
        long recent = target("target_host = 'unplaced-gone'", "2 minutes");

        assertTrue(unplaced.failUnplaceable() >= 3);

        assertEquals("failed", TestRuns.status(ds, gone));
        assertEquals("failed", TestRuns.status(ds, draining));
        assertEquals("failed", TestRuns.status(ds, labels));
        String reason = TestRuns.string(ds, "select error_summary from run_job where id = " + gone);
        assertTrue(reason.startsWith("no online, enabled worker host matches its target (host unplaced-gone) after waiting 600 s"),
                reason);
        assertTrue(TestRuns.string(ds, "select error_summary from run_job where id = " + labels).contains("labels {\"site\": \"moon\"}"));
        assertEquals("pending", TestRuns.status(ds, busy), "its host is online: it waits for a free slot");
        assertEquals("pending", TestRuns.status(ds, recent), "not waiting long enough yet");
        // The run of a failed job ends with it, here and not at some later claim.
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(TestRuns.string(ds,
                "select r.status from run r join run_job j on j.run_id = r.id where j.id = " + gone)));
    }

    private long target(String assignment, String waited) throws Exception {
        List<Long> jobs = TestRuns.pendingJobs(ds, 1);
        TestRuns.execute(ds, "update run_job set " + assignment + ", queued_at = now() - interval '" + waited + "' where id = "
                + jobs.get(0));
        return jobs.get(0);
    }
}
