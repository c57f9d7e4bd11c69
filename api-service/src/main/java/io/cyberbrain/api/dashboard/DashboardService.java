package io.cyberbrain.api.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.TimeWindow;
import io.cyberbrain.api.rag.UploadService;
import io.cyberbrain.api.run.RunFilter;
import io.cyberbrain.api.run.RunQueryService;
import io.cyberbrain.api.run.RunQueryService.RunWithJobs;
import io.cyberbrain.api.run.RunViews;
import io.cyberbrain.api.schedule.ScheduleService;
import io.cyberbrain.api.schedule.ScheduleViews.ScheduleView;
import io.cyberbrain.api.usage.UsageService;
import io.cyberbrain.api.usage.UsageViews;
import io.cyberbrain.model.run.RunStatus;
import io.cyberbrain.model.job.TaskKey;
import io.smallrye.mutiny.Uni;

/**
 * Gathers the dashboard from the same services the REST API uses. The reads run one after another: they share
 * the request's reactive session, which allows one operation at a time.
 */
@ApplicationScoped
public class DashboardService {

    static final int UPCOMING = 5;
    static final int RECENT_LIMIT = PageRequest.MAX_SIZE;

    private final RunQueryService runs;
    private final ScheduleService schedules;
    private final UsageService usage;
    private final UploadService uploads;
    private final Clock clock;

    public DashboardService(RunQueryService runs, ScheduleService schedules, UsageService usage, UploadService uploads,
                            Clock clock) {
        this.runs = runs;
        this.schedules = schedules;
        this.usage = usage;
        this.uploads = uploads;
        this.clock = clock;
    }

    public Uni<DashboardView> load() {
        Instant now = clock.instant();
        RunFilter lastDay = new RunFilter(null, null, null, null, now.minus(Duration.ofDays(1)), null);
        RunFilter awaiting = new RunFilter(RunStatus.AWAITING_APPROVAL, null, null, null, null, null);
        Parts parts = new Parts();
        return runs.list(lastDay, PageRequest.of(0, RECENT_LIMIT)).invoke(p -> parts.recent = p)
                .chain(() -> latestByTask(0, new ArrayList<>())).invoke(l -> parts.latest = l)
                .chain(() -> runs.list(awaiting, PageRequest.of(0, 20))).invoke(p -> parts.approvals = p.items())
                .chain(() -> schedules.list(PageRequest.of(0, PageRequest.MAX_SIZE)))
                .invoke(p -> parts.upcoming = upcoming(p.items().stream().map(ScheduleView::of).toList()))
                .chain(() -> usage.tokenStats(new TimeWindow(now.minus(Duration.ofDays(7)), now)))
                .invoke(t -> parts.tokens = t)
                .chain(() -> uploads.list("queued", PageRequest.of(0, 1))).invoke(p -> parts.queued = p.total())
                .chain(() -> uploads.list("processing", PageRequest.of(0, 1))).invoke(p -> parts.processing = p.total())
                .map(ignored -> parts.view());
    }

    /** The dashboard's parts as they arrive. */
    private static final class Parts {
        Page<RunWithJobs> recent;
        List<DashboardView.LatestRun> latest;
        List<RunWithJobs> approvals;
        List<ScheduleView> upcoming;
        UsageViews.TokenStats tokens;
        long queued;
        long processing;

        DashboardView view() {
            return new DashboardView(countByStatus(recent.items()), recent.total(), latest, upcoming,
                    approvals.stream().map(r -> RunViews.Summary.of(r.run(), r.jobs())).toList(),
                    tokens.totalTokens(), tokens.calls(), queued, processing);
        }
    }

    private Uni<List<DashboardView.LatestRun>> latestByTask(int index, List<DashboardView.LatestRun> found) {
        TaskKey[] tasks = TaskKey.values();
        if (index == tasks.length) {
            return Uni.createFrom().item(found);
        }
        TaskKey task = tasks[index];
        return runs.list(new RunFilter(null, task, null, null, null, null), PageRequest.of(0, 1)).flatMap(page -> {
            if (!page.items().isEmpty()) {
                RunWithJobs r = page.items().get(0);
                String headline = r.jobs().stream().filter(j -> j.taskKey == task).findFirst()
                        .map(j -> j.summary != null ? j.summary : j.errorSummary).orElse(null);
                found.add(new DashboardView.LatestRun(task.wire(), RunViews.Summary.of(r.run(), r.jobs()), headline));
            }
            return latestByTask(index + 1, found);
        });
    }

    private static List<DashboardView.StatusCount> countByStatus(List<RunWithJobs> recent) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RunStatus status : RunStatus.values()) {
            counts.put(status.wire(), 0L);
        }
        recent.forEach(r -> counts.merge(r.run().status.wire(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> new DashboardView.StatusCount(e.getKey(), e.getValue())).toList();
    }

    private static List<ScheduleView> upcoming(List<ScheduleView> all) {
        return all.stream().filter(s -> s.enabled() && s.nextRunAt() != null)
                .sorted(Comparator.comparing(ScheduleView::nextRunAt)).limit(UPCOMING).toList();
    }
}
