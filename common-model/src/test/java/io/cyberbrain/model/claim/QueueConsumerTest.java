package io.cyberbrain.model.claim;

import static io.cyberbrain.model.claim.TestQueue.CHANNEL;
import static io.cyberbrain.model.claim.TestQueue.timing;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cyberbrain.model.claim.QueueSettings.OnStop;

/** The queue consumer on a real PostgreSQL: claiming, heart-beating, recovery, shutdown and readiness. */
class QueueConsumerTest {

    private static final String ME = "me";
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration OFTEN = Duration.ofMillis(100);

    private static TestQueue queue;
    private QueueConsumer consumer;

    @BeforeAll
    static void database() throws Exception {
        queue = new TestQueue();
    }

    @AfterAll
    static void closeDatabase() {
        if (queue != null) {
            queue.close();
        }
    }

    @BeforeEach
    void emptyQueue() throws SQLException {
        queue.execute("truncate queue_row");
    }

    @AfterEach
    void stopConsumer() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    /** Records what the consumer asks of it; a row's work waits for {@link #gate}, then marks the row done (fenced). */
    private static class Work implements ClaimWork {
        final List<Long> started = new CopyOnWriteArrayList<>();
        final List<Long> interrupted = new CopyOnWriteArrayList<>();
        final List<Long> lost = new CopyOnWriteArrayList<>();
        final List<LeaseClaimer.Recovery> recoveries = new CopyOnWriteArrayList<>();
        final List<Long> stopping = new CopyOnWriteArrayList<>();
        final CountDownLatch gate;

        Work(boolean open) {
            gate = new CountDownLatch(open ? 0 : 1);
        }

        @Override
        public void run(long id) {
            started.add(id);
            try {
                gate.await();
                queue.execute("update queue_row set status = 'done', lease_owner = null where id = " + id
                        + " and lease_owner = '" + ME + "'");
            } catch (InterruptedException e) {
                interrupted.add(id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void leaseLost(long id) {
            lost.add(id);
        }

        @Override
        public void recovered(LeaseClaimer.Recovery recovery) {
            recoveries.add(recovery);
        }

        @Override
        public void stopping(List<Long> inFlight) {
            stopping.addAll(inFlight);
        }

        List<Long> requeued() {
            return recoveries.stream().flatMap(r -> r.requeued().stream()).toList();
        }

        List<Long> givenUp() {
            return recoveries.stream().flatMap(r -> r.givenUp().stream()).toList();
        }
    }

    @Test
    void rowsAnnouncedByNotifyAreEachWorkedOnceWithoutWaitingForAPoll() throws Exception {
        Work work = new Work(true);
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.of(CHANNEL), OnStop.GIVE_BACK, work);
        consumer.start();
        await().until(queue::listening);

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(queue.insertReady());
        }
        queue.execute("notify " + CHANNEL);

        await().until(() -> allDone(ids));
        assertEquals(Set.copyOf(ids), Set.copyOf(work.started));
        assertEquals(ids.size(), work.started.size(), "each row worked once: " + work.started);
    }

    @Test
    void rowsNobodyAnnouncedAreFoundByPolling() throws Exception {
        Work work = new Work(true);
        consumer = queue.consumer(ME, timing(NEVER, OFTEN), Optional.empty(), OnStop.GIVE_BACK, work);
        consumer.start();

        List<Long> ids = List.of(queue.insertReady(), queue.insertReady(), queue.insertReady());

        await().until(() -> allDone(ids));
    }

    @Test
    void theHeartbeatExtendsHeldLeasesAndReportsOnesTakenOverWhoseWorkIsThenFencedOut() throws Exception {
        Work work = new Work(false);
        long kept = queue.insertReady();
        long taken = queue.insertReady();
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.empty(), OnStop.GIVE_BACK, work);
        consumer.start();
        await().until(() -> consumer.inFlight().equals(Set.of(kept, taken)));
        assertEquals(queue.clock.instant().plus(Duration.ofMinutes(1)), queue.leaseExpiry(kept));

        queue.clock.advance(Duration.ofSeconds(40));
        queue.execute("update queue_row set lease_owner = 'other' where id = " + taken);
        consumer.heartbeatAndRecover();

        assertEquals(queue.clock.instant().plus(Duration.ofMinutes(1)), queue.leaseExpiry(kept), "extended from now");
        assertEquals(Set.of(taken), Set.copyOf(work.lost));
        work.gate.countDown();
        await().until(() -> "done - 1".equals(queue.row(kept)));
        await().until(() -> consumer.inFlight().isEmpty());
        assertEquals("working other 1", queue.row(taken), "the work that lost its lease wrote nothing");
    }

    @Test
    void expiredLeasesOfADeadHolderAreWorkedAgainWhileAttemptsRemainAndGivenUpAfterTheLast() throws Exception {
        Work work = new Work(true);
        long retried = queue.insertExpired(1);
        long exhausted = queue.insertExpired(3);
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.empty(), OnStop.GIVE_BACK, work);
        consumer.start();

        consumer.heartbeatAndRecover();

        await().until(() -> "done - 2".equals(queue.row(retried)));
        assertEquals("failed - 3", queue.row(exhausted));
        assertEquals(LeaseClaimer.GIVE_UP_REASON, queue.value("select note from queue_row where id = " + exhausted));
        assertEquals(List.of(retried), work.requeued());
        assertEquals(List.of(exhausted), work.givenUp());
    }

    @Test
    void stoppingGivesTheRowsInFlightBackWithoutCountingTheAttemptAndTellsTheWork() throws Exception {
        Work work = new Work(false) {
            @Override
            public void stopping(List<Long> inFlight) {
                super.stopping(inFlight);
                gate.countDown(); // as the launcher stops its workers
            }
        };
        long row = queue.insertReady();
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.empty(), OnStop.GIVE_BACK, work);
        consumer.start();
        await().until(() -> consumer.inFlight().equals(Set.of(row)));

        consumer.stop();

        assertEquals("ready - 0", queue.row(row), "back in the queue, the attempt not counted, its late write fenced out");
        assertEquals(List.of(row), work.stopping);
        assertEquals(List.of(), work.interrupted);
        assertFalse(consumer.liveness().alive());
    }

    @Test
    void givingBackWithInterruptStopsTheWorkInFlight() throws Exception {
        Work work = new Work(false);
        long row = queue.insertReady();
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.empty(), OnStop.GIVE_BACK_AND_INTERRUPT, work);
        consumer.start();
        await().until(() -> consumer.inFlight().equals(Set.of(row)));

        consumer.stop();

        assertEquals("ready - 0", queue.row(row));
        assertEquals(List.of(row), work.interrupted);
    }

    @Test
    void finishingLetsTheRowInFlightEndAndBeRecordedBeforeStopReturns() throws Exception {
        AtomicBoolean stopBegan = new AtomicBoolean();
        Work work = new Work(true) {
            @Override
            public void run(long id) {
                started.add(id);
                // Ends only once the consumer is stopping: stop() must wait for it instead of giving the row back.
                await().until(() -> !consumer.liveness().alive());
                stopBegan.set(true);
                super.run(id);
            }
        };
        long row = queue.insertReady();
        consumer = queue.consumer(ME, timing(NEVER, NEVER), Optional.empty(), OnStop.FINISH, work);
        consumer.start();
        await().until(() -> consumer.inFlight().equals(Set.of(row)));

        consumer.stop();

        assertTrue(stopBegan.get());
        assertEquals("done - 1", queue.row(row));
        assertEquals(List.of(), work.stopping, "nothing left to give back");
    }

    @Test
    void readinessGoesDownWhileNoHeartbeatCanSucceedAndUpWhenOneDoes() throws Exception {
        consumer = queue.consumer(ME, timing(OFTEN, OFTEN), Optional.empty(), OnStop.GIVE_BACK, new Work(true));
        consumer.start();
        assertTrue(consumer.liveness().alive(), consumer.liveness().problem());

        try (Connection c = queue.connect()) {
            // The database stops answering the consumer: lease recovery waits on this lock.
            c.setAutoCommit(false);
            c.createStatement().execute("lock table queue_row in exclusive mode");
            await().until(() -> {
                queue.clock.advance(Duration.ofSeconds(1));
                return !consumer.liveness().alive();
            });
            assertTrue(consumer.liveness().problem().startsWith("no successful heartbeat since"), consumer.liveness().problem());
            c.rollback();
        }

        await().until(() -> consumer.liveness().alive());
    }

    @Test
    void anErrorThrownByTheWorkOnTheTimerDoesNotStopHeartBeating() throws Exception {
        Work work = new Work(true) {
            @Override
            public void recovered(LeaseClaimer.Recovery recovery) {
                super.recovered(recovery);
                if (recoveries.size() == 1) {
                    throw new StackOverflowError();
                }
            }
        };
        long first = queue.insertExpired(1);
        consumer = queue.consumer(ME, timing(OFTEN, OFTEN), Optional.empty(), OnStop.GIVE_BACK, work);
        consumer.start();
        await().until(() -> work.recoveries.size() == 1);

        long second = queue.insertExpired(1);

        await().until(() -> work.requeued().contains(second));
        await().until(() -> allDone(List.of(first, second)));
        assertTrue(consumer.liveness().alive(), consumer.liveness().problem());
    }

    private static boolean allDone(List<Long> ids) throws SQLException {
        for (long id : ids) {
            if (!queue.row(id).startsWith("done ")) {
                return false;
            }
        }
        return true;
    }
}
