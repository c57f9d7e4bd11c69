package io.cyberbrain.model.investigation;

import io.cyberbrain.model.claim.ClaimSpec;

/**
 * How engines claim investigations. An open investigation is ready when nobody holds it and it is not asleep: it
 * sleeps while the run of its current step is pending, running or awaiting approval (and it already knows), and wakes
 * when that run moves on, when cancellation is asked for, or when its wall time is up. A claim is held only while the
 * engine works on it; waiting for a run holds no lease ({@code lease_owner} is cleared by the engine).
 */
public final class InvestigationClaims {

    /** NOTIFY channel: an investigation may be ready (created, cancelled, its run moved on; see V9's trigger). */
    public static final String CHANNEL = "cyberbrain_investigations";

    static final String OPEN = "status in ('planning', 'running', 'awaiting_approval')";

    public static final String GIVE_UP_REASON =
            "the engine working on it stopped (killed or lost) on each of its attempts; see the API service log";

    public static final ClaimSpec SPEC = new ClaimSpec(
            "investigation",
            OPEN + " and lease_owner is null and (waiting_run_id is null or cancel_requested or deadline_at < :now"
                    + " or exists (select 1 from run r where r.id = investigation.waiting_run_id"
                    + " and (r.status in ('success', 'failed', 'cancelled')"
                    + " or (r.status = 'awaiting_approval') <> (investigation.status = 'awaiting_approval'))))",
            "created_at, id",
            null,
            OPEN + " and lease_owner is not null",
            null,
            "status = 'failed', ended_at = :now, error_summary = :reason",
            true);

    private InvestigationClaims() {
    }
}
