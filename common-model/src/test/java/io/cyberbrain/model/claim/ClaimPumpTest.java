package io.cyberbrain.model.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/** The pump keeps its slots working whatever a row's work throws: Errors do not wedge it or lose a slot. */
class ClaimPumpTest {

    private static final ClaimSpec SPEC = new ClaimSpec("t", "true", "id", null, "true", null, null, false);

    private final ExecutorService workers = Executors.newFixedThreadPool(1);

    /** Hands out the queued ids, as many as asked for. */
    private static final class QueueClaimer extends LeaseClaimer {
        private final Deque<Long> ready = new ArrayDeque<>();

        QueueClaimer(List<Long> ids) {
            super(null, Clock.systemUTC(), new SimpleMeterRegistry());
            ready.addAll(ids);
        }

        @Override
        public synchronized Uni<List<Long>> claim(ClaimSpec spec, ClaimFilter filter, String owner, Duration lease, int limit) {
            List<Long> ids = new ArrayList<>();
            while (ids.size() < limit && !ready.isEmpty()) {
                ids.add(ready.poll());
            }
            return Uni.createFrom().item(ids);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aRowThatCouldNotBeStartedDoesNotWedgeThePump() throws Exception {
        // The JVM could not start a thread for the first row: the pump must still claim and run the next one.
        ExecutorService failingOnce = new java.util.concurrent.AbstractExecutorService() {
            private boolean failed;

            @Override
            public void execute(Runnable task) {
                if (!failed) {
                    failed = true;
                    throw new OutOfMemoryError("unable to create native thread");
                }
                workers.execute(task);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
        CountDownLatch second = new CountDownLatch(1);
        ClaimPump pump = new ClaimPump(new QueueClaimer(List.of(1L, 2L)), SPEC, "me", Duration.ofMinutes(1), 1, failingOnce,
                id -> second.countDown(), "rows");
        pump.wake();
        assertEquals(Set.of(), pump.inFlight(), "the row that never started holds no slot");
        pump.wake();
        assertTrue(second.await(10, TimeUnit.SECONDS), "the next wake claimed and ran row 2");
    }

    @Test
    void errorsThrownByTheWorkLeaveTheSlotFreeAndThePumpClaimsOn() throws Exception {
        List<Long> done = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        ClaimPump pump = new ClaimPump(new QueueClaimer(List.of(1L, 2L, 3L, 4L)), SPEC, "me", Duration.ofMinutes(1), 1, workers,
                id -> {
                    done.add(id);
                    if (id == 1) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    if (id == 2) {
                        throw new StackOverflowError();
                    }
                    if (id == 3) {
                        throw new IllegalStateException("a bug");
                    }
                    last.countDown();
                }, "rows");
        pump.wake();
        // One slot: row 4 can only start once rows 1 to 3, which all threw, gave their slot back and woke the pump.
        assertTrue(last.await(10, TimeUnit.SECONDS), "rows done: " + done);
        assertEquals(List.of(1L, 2L, 3L, 4L), done, "each finished row woke the pump for the next");
    }
}
