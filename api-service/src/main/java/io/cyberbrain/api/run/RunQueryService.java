package io.cyberbrain.api.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.config.PathsConfig;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.run.Run;
import io.cyberbrain.model.run.RunArtifact;
import io.cyberbrain.model.run.RunJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Reads runs for the API: filtered pages, details with jobs, reports, artifacts, since-last-success. */
@ApplicationScoped
public class RunQueryService {

    static final int SINCE_LAST_SUCCESS_LIMIT = 50;

    /** A run with its jobs, ordered by task. */
    public record RunWithJobs(Run run, List<RunJob> jobs) {
    }

    private final PathsConfig paths;

    public RunQueryService(PathsConfig paths) {
        this.paths = paths;
    }

    public Uni<Page<RunWithJobs>> list(RunFilter filter, PageRequest page) {
        return Panache.withSession(() -> {
            String where = filter.where();
            String hql = "from Run r" + (where.isEmpty() ? "" : " where " + where);
            var query = Run.<Run>find(hql, Sort.descending("createdAt", "id"), filter.parameters()).page(page.panache());
            return query.list().flatMap(runs -> query.count().flatMap(total -> withJobs(runs)
                    .map(items -> new Page<>(items, page.page(), page.size(), total))));
        });
    }

    public Uni<RunWithJobs> get(long id) {
        return Panache.withSession(() -> find(id).flatMap(run -> withJobs(List.of(run)).map(list -> list.get(0))));
    }

    public Uni<List<RunArtifact>> artifacts(long runId) {
        return Panache.withSession(() -> find(runId).flatMap(run ->
                RunArtifact.<RunArtifact>list("runId", Sort.by("id"), runId)));
    }

    /**
     * The artifact's file. Only files inside the run's own folder are served: a recorded path that leaves it
     * ({@code ..}, absolute) or a link that points out of it is refused as if the file did not exist.
     */
    public Uni<Map.Entry<RunArtifact, Path>> artifactFile(long runId, long artifactId) {
        return Panache.withSession(() -> RunArtifact.<RunArtifact>find("id = ?1 and runId = ?2", artifactId, runId)
                .firstResult().map(a -> {
                    if (a == null) {
                        throw new NotFoundException("artifact", artifactId + " of run " + runId);
                    }
                    return Map.entry(a, insideRunFolder(runId, a.path)
                            .orElseThrow(() -> new NotFoundException("artifact file", a.path)));
                }));
    }

    java.util.Optional<Path> insideRunFolder(long runId, String recordedPath) {
        try {
            Path relative = Path.of(recordedPath);
            if (relative.isAbsolute()) {
                return java.util.Optional.empty();
            }
            Path runFolder = paths.logs().resolve("runs").resolve(Long.toString(runId));
            if (!Files.isDirectory(runFolder)) {
                return java.util.Optional.empty();
            }
            Path realRunFolder = runFolder.toRealPath();
            Path file = paths.logs().resolve(relative);
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            Path real = file.toRealPath();
            return real.startsWith(realRunFolder) ? java.util.Optional.of(real) : java.util.Optional.empty();
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return java.util.Optional.empty();
        }
    }

    public Uni<List<RunViews.TaskSinceLastSuccess>> sinceLastSuccess(List<TaskKey> tasks) {
        return Panache.withSession(() -> {
            Uni<List<RunViews.TaskSinceLastSuccess>> result = Uni.createFrom().item(new ArrayList<>());
            for (TaskKey task : tasks) {
                result = result.flatMap(acc -> forTask(task).map(entry -> {
                    acc.add(entry);
                    return acc;
                }));
            }
            return result;
        });
    }

    private Uni<RunViews.TaskSinceLastSuccess> forTask(TaskKey task) {
        return RunJob.<RunJob>find("taskKey = ?1 and status = ?2", Sort.descending("endedAt"), task, JobStatus.SUCCESS)
                .firstResult()
                .flatMap(last -> {
                    String hql = "from Run r where exists (select 1 from RunJob j where j.runId = r.id and j.taskKey = :task)"
                            + (last == null ? "" : " and r.createdAt > :since");
                    Parameters params = Parameters.with("task", task);
                    if (last != null) {
                        params = params.and("since", last.endedAt);
                    }
                    var query = Run.<Run>find(hql, Sort.descending("createdAt", "id"), params);
                    return query.page(0, SINCE_LAST_SUCCESS_LIMIT).list()
                            .flatMap(runs -> query.count().flatMap(count -> withJobs(runs).map(items ->
                                    new RunViews.TaskSinceLastSuccess(task.wire(), last == null ? null : last.runId,
                                            last == null ? null : last.endedAt, count,
                                            items.stream().map(i -> RunViews.Summary.of(i.run(), i.jobs())).toList()))));
                });
    }

    private static Uni<List<RunWithJobs>> withJobs(List<Run> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = runs.stream().map(r -> r.id).toList();
        return RunJob.<RunJob>list("runId in ?1", Sort.by("id"), ids).map(jobs -> {
            Map<Long, List<RunJob>> byRun = jobs.stream().collect(Collectors.groupingBy(j -> j.runId));
            return runs.stream().map(r -> new RunWithJobs(r, byRun.getOrDefault(r.id, List.of()).stream()
                    .sorted(Comparator.comparing((RunJob j) -> j.taskKey.ordinal())).toList())).toList();
        });
    }

    private static Uni<Run> find(long id) {
        return Run.<Run>findById(id).map(run -> {
            if (run == null) {
                throw new NotFoundException("run", id);
            }
            return run;
        });
    }
}
