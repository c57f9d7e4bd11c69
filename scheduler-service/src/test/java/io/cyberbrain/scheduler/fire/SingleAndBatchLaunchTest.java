package io.cyberbrain.scheduler.fire;

import static io.cyberbrain.scheduler.TestSchedules.endActiveRuns;
import static io.cyberbrain.scheduler.TestSchedules.execute;
import static io.cyberbrain.scheduler.TestSchedules.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.cyberbrain.model.run.LaunchRequest;
import io.cyberbrain.model.run.LaunchedRun;
import io.cyberbrain.model.run.PlannedRun;
import io.cyberbrain.model.run.RunEvents;
import io.cyberbrain.model.run.RunLaunchService;
import io.cyberbrain.model.run.RunLaunchService.Prepared;
import io.cyberbrain.model.run.RunTrigger;
import io.cyberbrain.model.schedule.Schedule;
import io.cyberbrain.model.schedule.ScheduleFiring;
import io.cyberbrain.model.schedule.ScheduleFiring.Fire;
import io.cyberbrain.model.schedule.ScheduleFiring.Fired;
import io.cyberbrain.model.schedule.ScheduledRun;
import io.cyberbrain.scheduler.SchedulerOff;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The launch path's single launch (API, MCP, UI, run-now) and its batch launch (the scheduler) against each
 * other on the same requests: the same refusals with the same messages, and rows that differ only in ids and
 * times. Fires likewise: a batch decides limits as single fires one after the other would.
 */
@QuarkusTest
@TestProfile(SchedulerOff.class)
class SingleAndBatchLaunchTest {

    /** Everything of a run and its jobs but ids, times and the schedule it came from. */
    private static final String RUN_ROWS = """
            select r.status || '|' || r.run_trigger || '|' || coalesce(r.directive_id::text, '-') || '|'
                   || r.directive_snapshot::text || '|' || r.use_rag || '|' || r.task3_scope || '|' || r.approval_required
                   || '|' || coalesce(r.requested_by, '-') || '|' || r.cancel_requested || '|' || r.total_tokens || '|'
                   || coalesce(r.ended_at::text, '-') || '|' || coalesce(r.target::text, '-') || ' jobs: ' || (
                       select string_agg(j.task_key || '|' || j.job_id || '|' || j.status || '|' || j.config::text || '|'
                                         || j.attempts || '|' || j.max_attempts || '|' || coalesce(j.lease_owner, '-') || '|'
                                         || coalesce(j.target_host, '-') || '|' || coalesce(j.target_labels::text, '-') || '|'
                                         || (j.queued_at is not null),
                                         '; ' order by j.id)
                         from run_job j where j.run_id = r.id)
              from run r where r.id = ?""";

    @Inject
    RunLaunchService launches;

    @Inject
    ScheduleFiring firing;

    @Inject
    DataSource ds;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void idle() throws Exception {
        execute(ds, "update schedule set enabled = false");
        endActiveRuns(ds);
    }

    @AfterEach
    void restoreJobs() throws Exception {
        execute(ds, "update job set enabled = true");
    }

    @Test
    void aBatchLaunchRefusesAndWritesExactlyWhatSingleLaunchesDo() throws Throwable {
        execute(ds, "insert into container_allowlist (container_id, name, enabled, created_at, updated_at) values "
                + "('c0ffee" + tag + "', 'web-" + tag + "', true, now(), now()), ('dead" + tag + "', 'old-" + tag + "', false, now(), now())");
        execute(ds, "insert into directive (code, name, directive_type, directive_text, task_config, active, approval_required, "
                + "created_at, updated_at) values (null, 'retired " + tag + "', 'gpu_report', 'old', '{}', false, false, now(), now())");
        long retired = Long.parseLong(strings(ds, "select id from directive where name = 'retired " + tag + "'").get(0));
        long d1 = Long.parseLong(strings(ds, "select id from directive where code = 'D1'").get(0));
        long d3 = Long.parseLong(strings(ds, "select id from directive where code = 'D3'").get(0));
        execute(ds, "update job set enabled = false where task_key = 'service_map'");
        for (String host : List.of("a", "b")) {
            execute(ds, "insert into worker_host (name, labels, configured_labels, executor, cpu_count, max_concurrent_jobs, "
                    + "registered_at, last_heartbeat_at, created_at, updated_at) values ('sb-" + host + "-" + tag + "', '{\"batch\": \""
                    + tag + "\"}', '{}', 'process', 2, 2, now(), now(), now(), now())");
        }
        List<LaunchRequest> requests = List.of(
                targeted(new LaunchRequest.TargetInput(null, java.util.Map.of("batch", tag), true)),
                targeted(new LaunchRequest.TargetInput("sb-a-" + tag, null, null)),
                targeted(new LaunchRequest.TargetInput(null, java.util.Map.of("gpu", "true"), null)),
                targeted(new LaunchRequest.TargetInput("sb-a-" + tag, null, true)),
                targeted(new LaunchRequest.TargetInput("sb-nowhere-" + tag, null, null)),
                targeted(new LaunchRequest.TargetInput(null, java.util.Map.of("batch", "none-" + tag), true)),
                request(List.of("gpu_report"), null, null, false, null, null),
                request(List.of("gpu_report"), null, null, true, "all", null),
                request(List.of("log_triage"), d1, null, false, null,
                        new LaunchRequest.LogScopeInput(List.of("nginx/*.log"), List.of("web-" + tag))),
                request(List.of("log_triage", "gpu_report"), null, "  look at both  ", false, null, null),
                request(List.of("gpu_report"), null, "gated text", false, null, null),
                request(List.of("nope"), null, null, false, null, null),
                request(List.of("gpu_report"), retired, null, false, null, null),
                request(List.of("gpu_report"), d1, null, false, null, null),
                request(List.of("gpu_report"), d1, "both", false, null, null),
                request(List.of("gpu_report"), null, "   ", false, null, null),
                request(List.of("gpu_report"), null, null, false, "everything", null),
                request(List.of("log_triage", "gpu_report"), null, null, false, null, null),
                request(List.of("gpu_report"), null, null, false, null, new LaunchRequest.LogScopeInput(List.of("a.log"), null)),
                request(List.of("log_triage"), null, null, false, null,
                        new LaunchRequest.LogScopeInput(null, List.of("old-" + tag, "nobody-" + tag))),
                request(List.of("service_map"), d3, null, false, null, null),
                request(List.of("gpu_report"), 999_999L, null, false, null, null));

        List<String> single = new ArrayList<>();
        List<String> pendingSingles = new ArrayList<>();
        try (Listener listener = new Listener(ds)) {
            for (LaunchRequest request : requests) {
                String outcome;
                try {
                    LaunchedRun launched = VertxContextSupport.subscribeAndAwait(() -> launches.launch(request));
                    assertNotNull(launched.run().directiveSnapshot, "the snapshot reads back through the entity");
                    assertEquals(launched.jobs().size(), request.tasks().size()
                            * (request.target() != null && Boolean.TRUE.equals(request.target().all()) ? 2 : 1));
                    outcome = runRow(launched.run().id);
                    if (launched.run().status.wire().equals("pending")) {
                        pendingSingles.add(request.tasks().toString());
                    }
                } catch (Exception refused) {
                    outcome = "refused: " + refused.getClass().getSimpleName() + ": " + refused.getMessage();
                }
                single.add(outcome);
            }
            assertEquals(pendingSingles.size(), listener.jobNotifications(), "a single launch wakes the launchers once");

            List<Prepared> prepared = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> launches.prepare(requests)));
            List<PlannedRun> planned = prepared.stream().filter(p -> !p.refused()).map(Prepared::run).toList();
            List<Long> ids = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> launches.write(planned)));
            List<String> batch = new ArrayList<>();
            int next = 0;
            for (Prepared p : prepared) {
                batch.add(p.refused() ? "refused: " + p.refusal().getClass().getSimpleName() + ": " + p.refusal().getMessage()
                        : runRow(ids.get(next++)));
            }
            assertEquals(single, batch);
            assertEquals(1, listener.jobNotifications(), "a batch wakes the launchers once");
        }
        assertTrue(single.stream().filter(s -> !s.startsWith("refused")).count() >= 8, "the cases launch: " + single);
        assertTrue(single.stream().filter(s -> s.startsWith("refused")).count() >= 12, "the cases are refused: " + single);
        assertTrue(single.get(0).contains("|sb-a-" + tag + "|") && single.get(0).contains("|sb-b-" + tag + "|"),
                "all: one job per matching host: " + single.get(0));
    }

    @Test
    void aBatchOfFiresDecidesLimitsAsSingleFiresOneAfterTheOther() throws Throwable {
        String[][] cases = {
                // task, directive code or "custom", max_global, max_per_job
                {"gpu_report", null, null, null},
                {"service_map", "custom", "9", null},
                {"gpu_report", null, "2", null},
                {"log_triage", null, null, "1"},
                {"log_triage", null, null, "1"},
                {"gpu_report", "D1", "9", null},
                {"gpu_report", null, null, "2"},
                {"gpu_report", null, null, "3"},
                {"gpu_report", null, "4", null},
                {"gpu_report", null, "5", null},
                {"log_triage", null, "9", "2"},
                {"gpu_report", "D1", "6", null},
        };
        List<Long> first = schedules("single", cases);
        List<Long> second = schedules("batch", cases);

        List<String> single = new ArrayList<>();
        for (long id : first) {
            ScheduledRun fired = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Schedule
                    .<Schedule>findById(id).flatMap(s -> firing.fire(s, s.nextRunAt, "test"))));
            single.add(outcome(fired.id, fired.runId));
        }
        endActiveRuns(ds);
        List<Fired> batch = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Schedule
                .<Schedule>list("id in ?1 order by id", second)
                .flatMap(list -> firing.fireAll(list.stream().map(s -> new Fire(s, s.nextRunAt, "test")).toList()))));

        assertEquals(single, batch.stream().map(f -> outcome(f.id(), f.runId())).toList());
        // The gated run (awaiting approval) is not active: the next fire's max_global of 2 still has room.
        assertEquals(List.of("launched", "launched", "launched", "launched", "skipped_concurrency", "failed",
                        "skipped_concurrency", "launched", "skipped_concurrency", "launched", "launched", "skipped_concurrency"),
                single.stream().map(s -> s.substring(0, s.indexOf(' '))).toList(), String.join("\n", single));
        assertEquals(single.size(), Long.parseLong(strings(ds, "select count(*) from scheduled_run where schedule_id in ("
                + String.join(",", second.stream().map(String::valueOf).toList()) + ")").get(0)), "each fire recorded");
    }

    /** A fire as the database holds it, without ids and times. */
    private String outcome(long scheduledRunId, Long runId) {
        try {
            String history = strings(ds, "select status || ' | ' || coalesce(error_summary, '-') || ' | ' || (finished_at is null) "
                    + "from scheduled_run where id = " + scheduledRunId).get(0);
            return history + (runId == null ? "" : " | " + runRow(runId));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Long> schedules(String prefix, String[][] cases) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into schedule (name, job_id, directive_id, custom_directive_text, schedule_type, interval_minutes,
                                      timezone, enabled, next_run_at, anchor_at, max_global, max_per_job, created_at, updated_at)
                values (?, (select id from job where task_key = ?), (select id from directive where code = ?), ?, 'interval', 60,
                        'UTC', false, now() - interval '1 second', now(), ?, ?, now(), now())
                returning id""")) {
            for (int i = 0; i < cases.length; i++) {
                String[] k = cases[i];
                ps.setString(1, prefix + "-" + tag + "-" + i);
                ps.setString(2, k[0]);
                ps.setString(3, "custom".equals(k[1]) ? null : k[1]);
                ps.setString(4, "custom".equals(k[1]) ? "check " + k[0] : null);
                ps.setObject(5, k[2] == null ? null : Integer.valueOf(k[2]));
                ps.setObject(6, k[3] == null ? null : Integer.valueOf(k[3]));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private LaunchRequest request(List<String> tasks, Long directiveId, String custom, boolean useRag, String task3Scope,
                                  LaunchRequest.LogScopeInput scope) {
        return new LaunchRequest(tasks, directiveId, custom, useRag, task3Scope, RunTrigger.API, "tester-" + tag, null, scope);
    }

    private LaunchRequest targeted(LaunchRequest.TargetInput target) {
        return new LaunchRequest(List.of("gpu_report"), null, null, false, null, RunTrigger.API, "tester-" + tag, null, null, target);
    }

    private String runRow(long runId) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(RUN_ROWS)) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "run " + runId + " exists");
                return rs.getString(1);
            }
        }
    }

    /** LISTENs to the launchers' channel on a connection of its own. */
    private static final class Listener implements AutoCloseable {
        private final Connection connection;

        Listener(DataSource ds) throws Exception {
            connection = ds.getConnection();
            connection.createStatement().execute("listen " + RunEvents.JOBS_CHANNEL);
        }

        /**
         * The notifications delivered since the last call. A committed transaction has signalled its listeners
         * before its commit returns, so a round trip here receives them all.
         */
        int jobNotifications() throws Exception {
            connection.createStatement().execute("select 1");
            PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications();
            return received == null ? 0 : received.length;
        }

        @Override
        public void close() throws Exception {
            connection.createStatement().execute("unlisten *");
            connection.close();
        }
    }
}
