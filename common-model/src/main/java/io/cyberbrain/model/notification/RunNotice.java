package io.cyberbrain.model.notification;

import java.time.Duration;

import io.cyberbrain.model.run.RunStatus;

/**
 * What a notification says about a run: counts only (rules 2 and 3, docs/design-rules.md). There is deliberately no field
 * for report text, error text or anything a model wrote, so no sender can leak it.
 *
 * @param tasksFailed jobs that failed or timed out; cancelled jobs count in neither ok nor failed
 * @param duration    from start (or creation, if it never started) to end; null when unknown
 * @param test        a "send test" notice, not about a real run
 */
public record RunNotice(long runId, RunStatus status, int tasksOk, int tasksFailed, int tasksTotal, long totalTokens,
                        Duration duration, boolean test) {

    /** The notice "send test" delivers: made-up counts, marked as a test. */
    public static RunNotice sample() {
        return new RunNotice(0, RunStatus.SUCCESS, 0, 0, 0, 0, Duration.ZERO, true);
    }
}
