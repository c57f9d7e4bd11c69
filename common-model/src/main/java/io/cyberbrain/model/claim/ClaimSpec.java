package io.cyberbrain.model.claim;

/**
 * How one kind of work is claimed from its table. The fragments are SQL written by the feature that owns
 * the table (constants, never input). They may use two placeholders: {@code :now}, the injected clock's
 * instant (in the ready condition and the assignments), and, in {@link #onGiveUp}, {@code :reason}.
 *
 * @param table          the table; it has {@code id}, {@code lease_owner}, {@code lease_expires_at},
 *                       {@code heartbeat_at}, and, when {@code countsAttempts}, {@code attempts} and {@code max_attempts}
 * @param readyCondition rows that may be claimed, e.g. {@code status = 'pending'}
 * @param orderBy        claim order, e.g. {@code created_at, id}
 * @param onClaim        extra assignments when claimed, e.g. {@code status = 'running'}
 * @param heldCondition  rows that are held under a lease, e.g. {@code status = 'running'}
 * @param onRelease      assignments that put a released row back, e.g. {@code status = 'pending'}
 * @param onGiveUp       assignments for a row whose lease expired once too often
 */
public record ClaimSpec(
        String table,
        String readyCondition,
        String orderBy,
        String onClaim,
        String heldCondition,
        String onRelease,
        String onGiveUp,
        boolean countsAttempts) {

    /** A claim held by the claiming transaction itself ({@link TransactionClaimer}): no lease columns. */
    public static ClaimSpec withinTransaction(String table, String readyCondition, String orderBy) {
        return new ClaimSpec(table, readyCondition, orderBy, null, null, null, null, false);
    }
}
