package io.cyberbrain.launcher.execution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cyberbrain.worker.WorkerMain;
import io.cyberbrain.worker.WorkerMainAccess;

/**
 * A process worker must not outlive a launcher killed with kill -9, or the job could run twice once another
 * launcher takes it over. Here a stand-in parent (a sleep process) plays the launcher.
 */
class OrphanedWorkerTest {

    @TempDir
    Path jobDir;

    @Test
    void aWorkerStopsWhenItsLauncherDies() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "300").start();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-cp", classpath, StuckWorkerWithWatch.class.getName(),
                jobDir.toString());
        builder.environment().put(WorkerMain.PARENT_PID_ENV, Long.toString(launcher.pid()));
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process worker = builder.start();
        try {
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !worker.isAlive());
            assertEquals(4, worker.exitValue(), "stopped by its parent watch");
        } finally {
            worker.destroyForcibly();
        }
    }

    /** Watches its parent like the real worker, then hangs as a stuck task would. */
    public static final class StuckWorkerWithWatch {
        public static void main(String[] args) throws InterruptedException {
            WorkerMainAccess.watch(System.getenv(WorkerMain.PARENT_PID_ENV));
            StuckWorkerMain.main(args);
        }
    }
}
