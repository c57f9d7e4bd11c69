package io.cyberbrain.scheduler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One db-scheduler JVM for the reference side of {@link SchedulerBench}, configured as its documentation
 * advises: a HikariCP pool of threads + 2 connections, lock-and-fetch polling, a no-op one-time task. On SIGTERM
 * it writes what it saw: the wall-clock time of the first and the last drain execution, then the lag of each
 * steady-load execution it ran (ms after its execution time).
 *
 * <p>Arguments: jdbc-url, user, result-file, threads, polling interval (ISO-8601, e.g. PT10S).
 */
public final class DbSchedulerNode {

    private DbSchedulerNode() {
    }

    public static void main(String[] args) throws Exception {
        Path resultFile = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        Duration polling = Duration.parse(args[4]);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[0]);
        pool.setUsername(args[1]);
        pool.setMaximumPoolSize(threads + 2);
        HikariDataSource ds = new HikariDataSource(pool);

        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        AtomicLong firstDrain = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastDrain = new AtomicLong(0);
        // Warm-up executions only warm up; drain executions give the time from the first to the last; steady-load
        // ("lag-") executions give the lag.
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {
            long now = System.currentTimeMillis();
            if (instance.getId().startsWith("lag-")) {
                lags.add(Duration.between(context.getExecution().executionTime, Instant.ofEpochMilli(now)).toMillis());
            } else if (instance.getId().startsWith("drain-")) {
                firstDrain.accumulateAndGet(now, Math::min);
                lastDrain.accumulateAndGet(now, Math::max);
            }
        });
        Scheduler scheduler = Scheduler.create(ds, noop)
                .pollUsingLockAndFetch(0.5, 3.0)
                .threads(threads)
                .pollingInterval(polling)
                .registerShutdownHook()
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                List<String> lines = new ArrayList<>();
                lines.add(firstDrain.get() == Long.MAX_VALUE ? "drain - -" : "drain " + firstDrain.get() + " " + lastDrain.get());
                lags.forEach(l -> lines.add(String.valueOf(l)));
                Files.write(resultFile, lines);
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        scheduler.start();
        System.out.println("db-scheduler node started: " + threads + " threads, pool of " + pool.getMaximumPoolSize()
                + ", polling every " + polling);
        stopped.await();
    }
}
