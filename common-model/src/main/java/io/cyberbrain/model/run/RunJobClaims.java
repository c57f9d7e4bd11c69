package io.cyberbrain.model.run;

import java.util.Map;

import io.cyberbrain.model.claim.ClaimFilter;
import io.cyberbrain.model.claim.ClaimSpec;
import io.cyberbrain.model.host.HostState;

/**
 * How the worker-launcher claims run jobs: the oldest pending job first, running while leased; a job put back waits
 * for a host again from then on, and any host its target allows may take it.
 */
public final class RunJobClaims {

    public static final ClaimSpec SPEC = new ClaimSpec(
            "run_job",
            "status = '" + JobStatus.PENDING.wire() + "'",
            "created_at, id",
            "status = '" + JobStatus.RUNNING.wire() + "', started_at = :now, ended_at = null",
            "status = '" + JobStatus.RUNNING.wire() + "'",
            "status = '" + JobStatus.PENDING.wire() + "', started_at = null, host_name = null, queued_at = :now",
            "status = '" + JobStatus.FAILED.wire() + "', ended_at = :now, error_summary = :reason",
            true);

    /**
     * The jobs the launcher of host {@code :host} may claim: those targeted at it by name, or whose label selector its
     * labels contain, or with no target; and none while the host is draining or disabled. The host's labels and state are
     * read in the claiming statement (uncorrelated sub-queries, evaluated once), so an admin's change applies to the
     * next claim. Claimed jobs record the host.
     */
    public static final String HOST_CONDITION = """
            (run_job.target_host is null or run_job.target_host = :host)
            and (run_job.target_labels is null
                 or run_job.target_labels <@ (select h.labels from worker_host h where h.name = :host))
            and exists (select 1 from worker_host h where h.name = :host and h.state = '%s')"""
            .formatted(HostState.ENABLED.wire());

    public static ClaimFilter forHost(String hostName) {
        return new ClaimFilter(HOST_CONDITION, "host_name = :host", Map.of("host", hostName));
    }

    private RunJobClaims() {
    }
}
