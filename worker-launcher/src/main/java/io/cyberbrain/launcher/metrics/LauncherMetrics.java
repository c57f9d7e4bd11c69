package io.cyberbrain.launcher.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.notification.NotificationKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The worker-launcher's event metrics: runs and jobs as they end, LLM calls as they are recorded, notifications
 * as they are delivered. Tags are fixed vocabularies (task, status, channel, outcome) and the model id; never a
 * run id or free text. The known tag combinations are registered at start, so a counter reads 0 before its first
 * event and {@code increase()} counts that event too.
 */
@Startup // created at start, not at first use: its meters are exposed (at 0) before their first event
@ApplicationScoped
public class LauncherMetrics {

    static final List<String> RUN_STATUSES = List.of("success", "failed", "cancelled");
    static final List<String> JOB_STATUSES = List.of("success", "failed", "cancelled", "timed_out");
    static final List<String> NOTIFICATION_OUTCOMES = List.of("sent", "retried", "failed");
    /** Run and job durations: from seconds (a quick GPU report) to the longest worker time limits. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2)};
    private static final Duration[] LLM_BUCKETS = {Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(120)};
    /** A model id as servers name them (llama3:8b, org/model-7b-q4); anything else is grouped as "other". */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._:/@+-]{1,80}");

    private final MeterRegistry registry;

    public LauncherMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String status : RUN_STATUSES) {
            runsFinished(status);
            runDuration(status);
        }
        for (TaskKey task : TaskKey.values()) {
            for (String status : JOB_STATUSES) {
                jobsFinished(task.wire(), status);
                jobDuration(task.wire(), status);
            }
        }
        for (NotificationKind kind : NotificationKind.values()) {
            for (String outcome : NOTIFICATION_OUTCOMES) {
                notifications(kind.wire(), outcome);
            }
        }
    }

    /** A run this launcher ended, with its time from start (or creation, if no job ever started) to end. */
    public void runFinished(String status, Duration duration) {
        runsFinished(status).increment();
        runDuration(status).record(positive(duration));
    }

    /** A job this launcher ended, with its time from claim to end. */
    public void jobFinished(String task, String status, Duration duration) {
        jobsFinished(task, status).increment();
        jobDuration(task, status).record(positive(duration));
    }

    /** One recorded LLM call: counts and duration only, by model (rule 2, docs/design-rules.md). */
    public void llmCall(String model, boolean success, long inputTokens, long outputTokens, Duration duration) {
        String m = modelTag(model);
        Counter.builder("cyberbrain.llm.calls").description("LLM calls recorded from workers, by model and outcome")
                .tag("model", m).tag("outcome", success ? "success" : "error").register(registry).increment();
        tokens(m, "input").increment(inputTokens);
        tokens(m, "output").increment(outputTokens);
        Timer.builder("cyberbrain.llm.duration").description("LLM call duration, by model").tag("model", m)
                .serviceLevelObjectives(LLM_BUCKETS).register(registry).record(positive(duration));
    }

    /** One delivery attempt's outcome: sent, retried later, or failed for good. */
    public void notification(String channel, String outcome) {
        notifications(channel, outcome).increment();
    }

    static String modelTag(String model) {
        if (model == null || model.isBlank()) {
            return "unknown";
        }
        return MODEL_ID.matcher(model).matches() ? model.toLowerCase(Locale.ROOT) : "other";
    }

    private Counter runsFinished(String status) {
        return Counter.builder("cyberbrain.runs.finished").description("Runs ended, by final status")
                .tag("status", status).register(registry);
    }

    private Timer runDuration(String status) {
        return Timer.builder("cyberbrain.run.duration").description("Run duration from start to end, by final status")
                .tag("status", status).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    private Counter jobsFinished(String task, String status) {
        return Counter.builder("cyberbrain.jobs.finished").description("Run jobs ended, by task and final status")
                .tag("task", task).tag("status", status).register(registry);
    }

    private Timer jobDuration(String task, String status) {
        return Timer.builder("cyberbrain.job.duration").description("Job duration from claim to end, by task and status")
                .tag("task", task).tag("status", status).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    private Counter tokens(String model, String kind) {
        return Counter.builder("cyberbrain.llm.tokens").description("LLM tokens, by model and kind (input or output)")
                .tag("model", model).tag("kind", kind).register(registry);
    }

    private Counter notifications(String channel, String outcome) {
        return Counter.builder("cyberbrain.notifications").description("Notification delivery attempts, by channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry);
    }

    private static Duration positive(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }
}
