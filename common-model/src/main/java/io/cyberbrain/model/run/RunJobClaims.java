package io.cyberbrain.model.run;

import io.cyberbrain.model.claim.ClaimSpec;

/** How the worker-launcher claims run jobs: the oldest pending job first, running while leased. */
public final class RunJobClaims {

    public static final ClaimSpec SPEC = new ClaimSpec(
            "run_job",
            "status = 'pending'",
            "created_at, id",
            "status = 'running', started_at = :now, ended_at = null",
            "status = 'running'",
            "status = 'pending', started_at = null",
            "status = 'failed', ended_at = :now, error_summary = :reason",
            true);

    private RunJobClaims() {
    }
}
