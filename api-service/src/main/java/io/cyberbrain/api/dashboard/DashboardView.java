package io.cyberbrain.api.dashboard;

import java.util.List;

import io.cyberbrain.api.run.RunViews;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleView;

/** What the dashboard shows, gathered by {@link DashboardService}. */
public record DashboardView(
        List<StatusCount> runsLast24h,
        long runsLast24hTotal,
        List<LatestRun> latestByTask,
        List<ScheduleView> upcoming,
        List<RunViews.Summary> awaitingApproval,
        long tokensThisWeek,
        long llmCallsThisWeek,
        long uploadsQueued,
        long uploadsProcessing) {

    public record StatusCount(String status, long count) {
    }

    /** The newest run of a task, with its job's one-line headline (errors found, GPUs and headroom, services). */
    public record LatestRun(String task, RunViews.Summary run, String headline) {
    }
}
