package io.cyberbrain.model.run;

import io.cyberbrain.model.claim.ClaimSpec;

/** How the worker-launcher claims run jobs: the oldest pending job first, running while leased. */
public final class RunJobClaims {

    public static final ClaimSpec SPEC = new ClaimSpec(
            "run_job",
            "status = '" + JobStatus.PENDING.wire() + "'",
            "created_at, id",
            "status = '" + JobStatus.RUNNING.wire() + "', started_at = :now, ended_at = null",
            "status = '" + JobStatus.RUNNING.wire() + "'",
            "status = '" + JobStatus.PENDING.wire() + "', started_at = null",
            "status = '" + JobStatus.FAILED.wire() + "', ended_at = :now, error_summary = :reason",
            true);

    private RunJobClaims() {
    }
}
