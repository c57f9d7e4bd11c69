package io.cyberbrain.scheduler.fire;

import static io.cyberbrain.scheduler.TestSchedules.count;
import static io.cyberbrain.scheduler.TestSchedules.endActiveRuns;
import static io.cyberbrain.scheduler.TestSchedules.execute;
import static io.cyberbrain.scheduler.TestSchedules.fireStatuses;
import static io.cyberbrain.scheduler.TestSchedules.instant;
import static io.cyberbrain.scheduler.TestSchedules.intervalSchedule;
import static io.cyberbrain.scheduler.TestSchedules.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.PrometheusScrape;
import io.cyberbrain.scheduler.SchedulerOff;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;

@QuarkusTest
@TestProfile(SchedulerOff.class)
class DueScheduleFirerTest {

    @Inject
    DueScheduleFirer firer;

    @Inject
    DataSource ds;

    @BeforeEach
    void noOtherSchedulesDue() throws Exception {
        execute(ds, "update schedule set enabled = false");
        endActiveRuns(ds);
    }

    private int fireDue(int limit) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> firer.fireDue(limit));
    }

    @Test
    void aDueScheduleLaunchesExactlyOneRunThroughTheLaunchPath() throws Throwable {
        Instant due = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        long id = intervalSchedule(ds, 60, due, null, null);

        assertEquals(1, fireDue(50));
        assertEquals(0, fireDue(50), "a fired schedule is not due again");

        assertEquals(List.of("launched"), fireStatuses(ds, id));
        assertEquals(1, count(ds, "select count(*) from run where schedule_id = " + id));
        assertEquals(List.of("schedule|pending|D2"), strings(ds, "select run_trigger || '|' || status || '|' || "
                + "(directive_snapshot ->> 'code') from run where schedule_id = " + id));
        assertEquals(1, count(ds, "select count(*) from run_job j join run r on r.id = j.run_id where r.schedule_id = " + id
                + " and j.task_key = 'gpu_report' and j.status = 'pending'"));
        assertEquals(due, instant(ds, "select fired_for from scheduled_run where schedule_id = " + id));
        assertEquals(due.plus(Duration.ofMinutes(60)), instant(ds, "select next_run_at from schedule where id = " + id),
                "intervals stay on the anchor's grid");
        assertTrue(instant(ds, "select last_run_at from schedule where id = " + id) != null);
    }

    @Test
    void aDisabledScheduleFiresNothing() throws Throwable {
        long id = intervalSchedule(ds, 5, Instant.now().minusSeconds(30), null, null);
        execute(ds, "update schedule set enabled = false where id = " + id);

        assertEquals(0, fireDue(50));
        assertEquals(0, count(ds, "select count(*) from scheduled_run where schedule_id = " + id));
    }

    @Test
    void aScheduleThatMissedManySlotsFiresOnceAndMovesToItsNextFutureTime() throws Throwable {
        Instant longAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MILLIS);
        long id = intervalSchedule(ds, 1, longAgo, null, null);

        assertEquals(1, fireDue(50));
        assertEquals(0, fireDue(50));

        assertEquals(List.of("launched"), fireStatuses(ds, id));
        assertEquals(longAgo, instant(ds, "select fired_for from scheduled_run where schedule_id = " + id));
        Instant next = instant(ds, "select next_run_at from schedule where id = " + id);
        assertTrue(next.isAfter(Instant.now().minusSeconds(1)) && next.isBefore(Instant.now().plusSeconds(61)), next.toString());
        assertEquals(0, Duration.between(longAgo, next).toMillis() % 60_000, "still on the anchor's minute grid");
    }

    @Test
    void theGlobalLimitSkipsAFireAndMovesTheScheduleOn() throws Throwable {
        long busy = intervalSchedule(ds, 60, Instant.now().minusSeconds(1), null, null);
        assertEquals(1, fireDue(50));
        long limited = intervalSchedule(ds, 60, Instant.now().minusSeconds(1), 1, null);

        assertEquals(1, fireDue(50));

        assertEquals(List.of("skipped_concurrency"), fireStatuses(ds, limited));
        assertEquals(List.of("1 runs active, max_global is 1"),
                strings(ds, "select error_summary from scheduled_run where schedule_id = " + limited));
        assertEquals(0, count(ds, "select count(*) from run where schedule_id = " + limited));
        assertTrue(instant(ds, "select next_run_at from schedule where id = " + limited).isAfter(Instant.now()));
        assertEquals(List.of("launched"), fireStatuses(ds, busy));
    }

    @Test
    void firesAndSkipsAreCountedAndEachFiresLagIsRecorded() throws Throwable {
        double launched = PrometheusScrape.valueOrZero("cyberbrain_scheduler_fires_total", "outcome", "launched");
        double skipped = PrometheusScrape.valueOrZero("cyberbrain_scheduler_fires_total", "outcome", "skipped_concurrency");
        double lagged = PrometheusScrape.valueOrZero("cyberbrain_scheduler_lag_seconds_count");
        double lateByMoreThanOneSecond = lagged - PrometheusScrape.valueOrZero("cyberbrain_scheduler_lag_seconds_bucket", "le", "1.0");
        intervalSchedule(ds, 60, Instant.now().minusSeconds(30), null, null);
        assertEquals(1, fireDue(50));
        intervalSchedule(ds, 60, Instant.now().minusMillis(100), 1, null);
        assertEquals(1, fireDue(50));

        String metrics = PrometheusScrape.scrape();
        assertEquals(launched + 1, PrometheusScrape.valueIn(metrics, "cyberbrain_scheduler_fires_total", "outcome", "launched").orElseThrow());
        assertEquals(skipped + 1, PrometheusScrape.valueIn(metrics, "cyberbrain_scheduler_fires_total", "outcome", "skipped_concurrency")
                .orElseThrow());
        double laggedNow = PrometheusScrape.valueIn(metrics, "cyberbrain_scheduler_lag_seconds_count").orElseThrow();
        assertEquals(lagged + 2, laggedNow, "a skip has a lag too: it was due");
        assertEquals(lateByMoreThanOneSecond + 1, laggedNow
                - PrometheusScrape.valueIn(metrics, "cyberbrain_scheduler_lag_seconds_bucket", "le", "1.0").orElseThrow(),
                "the fire due 30 s ago lands above the 1 s bucket, the alert's threshold");
    }

    @Test
    void thePerJobLimitCountsOnlyRunsOfThatJob() throws Throwable {
        intervalSchedule(ds, 60, Instant.now().minusSeconds(2), null, null);
        assertEquals(1, fireDue(50));
        long perJob = intervalSchedule(ds, 60, Instant.now().minusSeconds(1), null, 1);
        long roomy = intervalSchedule(ds, 60, Instant.now().minusSeconds(1), null, 2);

        assertEquals(2, fireDue(50));

        assertEquals(List.of("skipped_concurrency"), fireStatuses(ds, perJob));
        assertEquals(List.of("launched"), fireStatuses(ds, roomy));
    }

    @Test
    void limitsHoldWhenManyTransactionsRaceToFire() throws Throwable {
        int schedules = 24;
        int maxGlobal = 5;
        for (int i = 0; i < schedules; i++) {
            intervalSchedule(ds, 60, Instant.now().minusSeconds(1), maxGlobal, null);
        }
        ExecutorService racers = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> rounds = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                rounds.add(() -> {
                    int fired = 0;
                    int n;
                    do {
                        try {
                            n = VertxContextSupport.subscribeAndAwait(() -> firer.fireDue(2));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                        fired += n;
                    } while (n > 0);
                    return fired;
                });
            }
            int total = 0;
            for (Future<Integer> f : racers.invokeAll(rounds)) {
                total += f.get();
            }
            assertEquals(schedules, total, "every due schedule fired once");
        } finally {
            racers.shutdownNow();
        }
        assertEquals(maxGlobal, count(ds, "select count(*) from run where status in ('pending', 'running')"));
        assertEquals(schedules - maxGlobal, count(ds, "select count(*) from scheduled_run where status = 'skipped_concurrency'"
                + " and schedule_id in (select id from schedule where enabled)"));
    }

    @Test
    void aLaunchTheLaunchPathRefusesIsRecordedAsFailedAndTheScheduleMovesOn() throws Throwable {
        long id = intervalSchedule(ds, 30, Instant.now().minusSeconds(1), null, null);
        execute(ds, "update schedule set directive_id = (select id from directive where code = 'D1') where id = " + id);

        assertEquals(1, fireDue(50));

        assertEquals(List.of("failed"), fireStatuses(ds, id));
        String reason = strings(ds, "select error_summary from scheduled_run where schedule_id = " + id).get(0);
        assertTrue(reason.startsWith("launch refused: directive_id: directive"), reason);
        assertTrue(instant(ds, "select next_run_at from schedule where id = " + id).isAfter(Instant.now()));
    }

    @Test
    void theHistoryFollowsTheRunToItsEnd() throws Throwable {
        long id = intervalSchedule(ds, 60, Instant.now().minusSeconds(1), null, null);
        assertEquals(1, fireDue(50));

        execute(ds, "update run set status = 'success', ended_at = now() where schedule_id = " + id);

        assertEquals(List.of("success"), fireStatuses(ds, id));
        assertTrue(instant(ds, "select finished_at from scheduled_run where schedule_id = " + id) != null);
    }

    @Test
    void nextDueIsTheEarliestEnabledTime() throws Throwable {
        assertNull(VertxContextSupport.subscribeAndAwait(firer::nextDue).orElse(null));
        Instant soon = Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.MILLIS);
        intervalSchedule(ds, 5, soon, null, null);
        intervalSchedule(ds, 5, soon.plusSeconds(60), null, null);
        assertEquals(soon, VertxContextSupport.subscribeAndAwait(firer::nextDue).orElseThrow());
    }
}
