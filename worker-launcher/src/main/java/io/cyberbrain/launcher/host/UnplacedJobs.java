package io.cyberbrain.launcher.host;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cyberbrain.launcher.job.RunFinisher;
import io.cyberbrain.model.host.HostState;
import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.HostsConfig;
import io.cyberbrain.model.run.JobStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fails the pending jobs that no host can take: waiting longer than {@code cyberbrain.hosts.unplaced-timeout} while no
 * online, enabled host matches their target (the host named is gone, draining or disabled; no host has the labels).
 * A job whose host exists and is merely busy waits on. Every launcher runs the check on its heartbeat; rows are taken
 * with {@code SKIP LOCKED}, so two launchers never fail the same job, and the runs they end are finished here.
 */
@ApplicationScoped
public class UnplacedJobs {

    private static final Logger LOG = Logger.getLogger(UnplacedJobs.class);

    static final String FAIL = """
            with stuck as (
                select j.id from run_job j
                where j.status = '%1$s' and coalesce(j.queued_at, j.created_at) < $1
                  and not exists (select 1 from worker_host h
                                  where h.state = '%2$s' and %3$s
                                    and (j.target_host is null or j.target_host = h.name)
                                    and (j.target_labels is null or h.labels @> j.target_labels))
                for update of j skip locked)
            update run_job t set status = '%4$s', ended_at = $3,
                   error_summary = 'no online, enabled worker host matches its target ('
                       || coalesce('host ' || t.target_host, 'labels ' || t.target_labels::text, 'any host')
                       || ') after waiting ' || $4::text || ': start or enable a matching launcher, or launch it elsewhere'
            from stuck where t.id = stuck.id
            returning t.id, t.run_id""".formatted(JobStatus.PENDING.wire(), HostState.ENABLED.wire(),
            HostStatus.onlineSql("h", "$2"), JobStatus.FAILED.wire());

    private final Pool pool;
    private final Clock clock;
    private final HostsConfig hosts;
    private final RunFinisher finisher;

    public UnplacedJobs(Pool pool, Clock clock, HostsConfig hosts, RunFinisher finisher) {
        this.pool = pool;
        this.clock = clock;
        this.hosts = hosts;
        this.finisher = finisher;
    }

    /** Fails what waited too long for a host that is not there, and ends the runs that leaves without open jobs. */
    public int failUnplaceable() {
        Instant now = clock.instant();
        var rows = pool.preparedQuery(FAIL).execute(Tuple.of(utc(now.minus(hosts.unplacedTimeout())),
                utc(HostStatus.onlineSince(now, hosts)), utc(now), describe(hosts.unplacedTimeout())))
                .await().indefinitely();
        Set<Long> runs = new LinkedHashSet<>();
        for (Row r : rows) {
            runs.add(r.getLong(1));
        }
        if (rows.rowCount() > 0) {
            LOG.warnf("failed %d job(s) no online host could take within %s (runs %s)", rows.rowCount(),
                    describe(hosts.unplacedTimeout()), runs);
        }
        runs.forEach(finisher::finishIfDone);
        return rows.rowCount();
    }

    static String describe(java.time.Duration d) {
        return d.toSeconds() + " s";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
