package io.cyberbrain.scheduler;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cyberbrain.scheduler")
public interface SchedulerConfig {

    /** False keeps this instance from firing (maintenance, benchmarks); health and metrics stay up. */
    @WithDefault("true")
    boolean enabled();

    /**
     * CYBERBRAIN_SCHEDULER_POLL_INTERVAL: the fallback when a NOTIFY was missed. Due times themselves are
     * met by a timer, so this only bounds how late a change made behind the scheduler's back is noticed.
     */
    @WithDefault("15s")
    Duration pollInterval();

    /**
     * Schedules fired per transaction; bigger batches drain a backlog faster (a batch's statements and commit are
     * shared by its fires: 200 drains about twice as fast as 50), smaller ones hold their schedules' locks shorter.
     */
    @WithDefault("200")
    int batchSize();

    /**
     * Batches one instance fires at the same time while draining a backlog, each in its own transaction (the
     * claim's SKIP LOCKED keeps them apart, as it keeps instances apart): one batch's database work overlaps
     * another's planning (3 drains a backlog about a third faster than 1).
     */
    @WithDefault("3")
    int concurrency();
}
