package io.cyberbrain.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cyberbrain.launcher.DispatcherOff;
import io.cyberbrain.launcher.LauncherConfig;
import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.launcher.execution.ProcessExecutor;
import io.cyberbrain.launcher.execution.WorkerExit;
import io.cyberbrain.launcher.execution.WorkerLaunch;
import io.cyberbrain.model.claim.LeaseClaimer;
import io.cyberbrain.model.run.RunJobClaims;
import io.cyberbrain.worker.WorkerMain;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Benchmarks of the launcher, run by bench/launcher.sh (tag "bench", excluded from the test suite).
 * Prints BENCH lines; docs/benchmarks.md has the figures.
 */
@QuarkusTest
@TestProfile(DispatcherOff.class)
@Tag("bench")
class LauncherBench {


    @Inject
    LeaseClaimer claimer;
    @Inject
    AgroalDataSource ds;
    @Inject
    Pool pool;
    @Inject
    LauncherConfig config;

    /** 1,000 queued trivial jobs, two claimers (as two launchers would), claim then complete, fenced by owner. */
    @Test
    void claimThroughputWithTwoLaunchers() throws Exception {
        TestRuns.execute(ds, "update run_job set status = 'cancelled' where status in ('pending', 'running')");
        TestRuns.pendingJobs(ds, 1000);
        AtomicInteger done = new AtomicInteger();
        ExecutorService launchers = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            String owner = "bench-" + l;
            results.add(launchers.submit(() -> {
                int mine = 0;
                while (true) {
                    List<Long> ids = claimer.claim(RunJobClaims.SPEC, owner, Duration.ofMinutes(1), 1).await().indefinitely();
                    if (ids.isEmpty()) {
                        return mine;
                    }
                    pool.preparedQuery("update run_job set status = 'success', ended_at = now(), lease_owner = null"
                            + " where id = $1 and lease_owner = $2").execute(Tuple.of(ids.get(0), owner)).await().indefinitely();
                    mine++;
                    done.incrementAndGet();
                }
            }));
        }
        int a = results.get(0).get();
        int b = results.get(1).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        launchers.shutdown();
        System.out.printf("BENCH claim-throughput jobs=%d launchers=2 split=%d/%d seconds=%.2f jobs_per_s=%.0f%n",
                done.get(), a, b, seconds, done.get() / seconds);
    }

    /**
     * 1,000 queued jobs with targets, two hosts claiming each for itself (the claim filtered by target in its statement):
     * a third targeted at host A, a third at host B, a sixth at a label only B has, a sixth at any host. Checks that no job
     * went to a host its target excludes, and prints the plan of one claim's pick.
     */
    @Test
    void claimThroughputWithTargetsOnTwoHosts() throws Exception {
        TestRuns.execute(ds, "update run_job set status = 'cancelled' where status in ('pending', 'running')");
        TestRuns.execute(ds, "delete from worker_host where name in ('bench-a', 'bench-b')");
        TestRuns.host(ds, "bench-a", "{\"site\": \"attic\"}", "enabled");
        TestRuns.host(ds, "bench-b", "{\"site\": \"basement\", \"gpu\": \"true\"}", "enabled");
        List<Long> jobs = TestRuns.pendingJobs(ds, 1000);
        for (int i = 0; i < jobs.size(); i++) {
            String target = switch (i % 6) {
                case 0, 1 -> "target_host = 'bench-a'";
                case 2, 3 -> "target_host = 'bench-b'";
                case 4 -> "target_labels = '{\"gpu\": \"true\"}'";
                default -> null;
            };
            if (target != null) {
                TestRuns.execute(ds, "update run_job set " + target + " where id = " + jobs.get(i));
            }
        }
        TestRuns.execute(ds, "analyze run_job");
        String plan = String.join(" | ", TestRuns.strings(ds, "explain select id from run_job where status = 'pending'"
                + " and attempts < max_attempts and (" + RunJobClaims.HOST_CONDITION.replace(":host", "'bench-a'")
                + ") order by created_at, id limit 1 for update skip locked"));
        ExecutorService launchers = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (String host : List.of("bench-a", "bench-b")) {
            results.add(launchers.submit(() -> {
                int mine = 0;
                while (true) {
                    List<Long> ids = claimer.claim(RunJobClaims.SPEC, RunJobClaims.forHost(host), host, Duration.ofMinutes(1), 1)
                            .await().indefinitely();
                    if (ids.isEmpty()) {
                        return mine;
                    }
                    pool.preparedQuery("update run_job set status = 'success', ended_at = now(), lease_owner = null"
                            + " where id = $1 and lease_owner = $2").execute(Tuple.of(ids.get(0), host)).await().indefinitely();
                    mine++;
                }
            }));
        }
        int a = results.get(0).get();
        int b = results.get(1).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        launchers.shutdown();
        String wrong = TestRuns.string(ds, "select count(*) from run_job where id = any('" + TestRuns.array(jobs) + "') and ("
                + "(target_host is not null and host_name <> target_host)"
                + " or (target_labels is not null and host_name <> 'bench-b') or status <> 'success')");
        System.out.printf("BENCH claim-throughput-targeted jobs=%d hosts=2 split=%d/%d seconds=%.2f jobs_per_s=%.0f"
                + " misplaced_or_unfinished=%s%n", a + b, a, b, seconds, (a + b) / seconds, wrong);
        System.out.println("BENCH claim-plan " + plan);
    }

    /** Spawn-to-exit of the real worker on a job it ends at once (unknown task): the executor's own overhead. */
    @Test
    void processSpawnToExitOverhead() throws Exception {
        ProcessExecutor executor = new ProcessExecutor(config.process());
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            Path dir = Files.createTempDirectory("bench-job");
            Files.writeString(dir.resolve(WorkerMain.JOB_FILE), "{\"version\":1,\"run_id\":1,\"job_id\":1,\"task_key\":\"none\"}");
            long start = System.nanoTime();
            WorkerExit exit = executor.run(new WorkerLaunch(1, i, "none", dir, dir, Duration.ofMinutes(1), null, null),
                    (l, e, r, d) -> { });
            double ms = (System.nanoTime() - start) / 1e6;
            if (exit.exitCode() != 0) {
                throw new IllegalStateException("worker failed: " + exit.logTail());
            }
            if (i >= 2) {
                millis.add(ms);
            }
        }
        Collections.sort(millis);
        System.out.printf("BENCH process-spawn-to-exit runs=%d median_ms=%.0f min_ms=%.0f max_ms=%.0f%n", millis.size(),
                (millis.get(9) + millis.get(10)) / 2, millis.get(0), millis.get(millis.size() - 1));
    }
}
