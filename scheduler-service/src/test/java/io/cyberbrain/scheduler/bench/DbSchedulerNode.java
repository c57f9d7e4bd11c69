package io.cyberbrain.scheduler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.postgresql.ds.PGSimpleDataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/**
 * One db-scheduler JVM for the reference side of {@link SchedulerBench}: a no-op one-time task, polling with
 * lock-and-fetch. On SIGTERM it writes the lag of each steady-load execution it ran (ms after its execution time).
 *
 * <p>Arguments: jdbc-url, user, lag-file.
 */
public final class DbSchedulerNode {

    private DbSchedulerNode() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser(args[1]);
        Path lagFile = Path.of(args[2]);
        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        // Only the steady-load phase's executions ("lag-...") count for lag; warm-up and drain are throughput.
        OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {
            if (instance.getId().startsWith("lag-")) {
                lags.add(Duration.between(context.getExecution().executionTime, Instant.now()).toMillis());
            }
        });
        Scheduler scheduler = Scheduler.create(ds, noop)
                .pollUsingLockAndFetch(0.5, 3.0)
                .threads(10)
                .registerShutdownHook()
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                List<String> lines = lags.stream().map(String::valueOf).collect(Collectors.toList());
                Files.write(lagFile, lines);
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        scheduler.start();
        System.out.println("db-scheduler node started");
        stopped.await();
    }
}
