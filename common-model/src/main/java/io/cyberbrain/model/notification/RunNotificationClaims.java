package io.cyberbrain.model.notification;

import io.cyberbrain.model.claim.ClaimSpec;

/**
 * How run notifications are claimed. The row stays {@code pending} while held; attempts are counted by
 * the dispatcher (it decides retry or give up from the send's result), not by the claim.
 *
 * <p>Backoff reuses the lease: a retryable failure parks the row under {@link #BACKOFF_OWNER} with the lease
 * ending at the next attempt's time, and the ordinary recovery of expired leases makes it ready again then.
 * That keeps "when" on the injected clock without a column of its own.
 */
public final class RunNotificationClaims {

    /** The lease owner of a row waiting for its next attempt. */
    public static final String BACKOFF_OWNER = "retry-backoff";

    public static final ClaimSpec SPEC = new ClaimSpec(
            "run_notification",
            "status = 'pending' and lease_owner is null",
            "created_at, id",
            null,
            "status = 'pending' and lease_owner is not null",
            null,
            null,
            false);

    private RunNotificationClaims() {
    }
}
