package io.cyberbrain.launcher.notify;

import java.time.Duration;

/** Exponential backoff between sends, never sooner than the receiver asked for. */
record Backoff(Duration first, Duration max) {

    /**
     * @param failedAttempts sends made so far, all failed (1 after the first)
     * @param retryAfter     the wait the receiver asked for (HTTP 429), or null
     */
    Duration delay(int failedAttempts, Duration retryAfter) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration exponential = first.multipliedBy(1L << doublings);
        Duration capped = exponential.compareTo(max) > 0 ? max : exponential;
        return retryAfter != null && retryAfter.compareTo(capped) > 0 ? retryAfter : capped;
    }
}
