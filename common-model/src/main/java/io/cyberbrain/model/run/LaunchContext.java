package io.cyberbrain.model.run;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cyberbrain.model.allowlist.AllowedContainer;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.host.HostsConfig;
import io.cyberbrain.model.host.WorkerHost;
import io.cyberbrain.model.inventory.ContainerSnapshot;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.model.support.ReadOnlyQuery;
import io.smallrye.mutiny.Uni;

/**
 * What a batch of launches refers to, read once for the whole batch (read-only: the launch path never changes
 * them): the jobs of its tasks, its directives, the custom directive D4 when a launch brings its own text, the
 * enabled allowlist when a launch names containers, the registered worker hosts when a launch names a target, and the
 * hosts that run the containers a launch without a target reads.
 */
record LaunchContext(Map<TaskKey, Job> jobs, Map<Long, Directive> directives, Directive custom,
                     List<AllowedContainer> allowed, List<WorkerHost> hosts, Map<String, String> containerHosts,
                     Instant now, HostsConfig hostsConfig) {

    /** The launch of these checked requests needs; call in a session. */
    static Uni<LaunchContext> load(Collection<RunLaunchService.Checked> launches, Instant now, HostsConfig hostsConfig) {
        Set<TaskKey> tasks = new LinkedHashSet<>();
        launches.forEach(l -> tasks.addAll(l.tasks()));
        boolean custom = launches.stream().anyMatch(l -> l.request().customDirectiveText() != null);
        boolean containers = launches.stream().anyMatch(l -> l.scope() != null && !l.scope().containers().isEmpty());
        boolean targeted = launches.stream().anyMatch(l -> l.target() != null);
        boolean owners = launches.stream().anyMatch(l -> l.target() == null && l.scope() != null && !l.scope().containers().isEmpty());
        return jobs(tasks).flatMap(jobs -> directives(launches, jobs, custom).flatMap(directives -> allowed(containers)
                .flatMap(allowed -> hosts(targeted).flatMap(hosts -> containerHosts(owners, allowed)
                        .map(containerHosts -> new LaunchContext(jobs, directives,
                                directives.values().stream().filter(d -> RunLaunchService.CUSTOM_DIRECTIVE_CODE.equals(d.code))
                                        .findFirst().orElse(null),
                                allowed, hosts, containerHosts, now, hostsConfig))))));
    }

    /** Every registered host (a handful), when a launch names a target. */
    private static Uni<List<WorkerHost>> hosts(boolean needed) {
        if (!needed) {
            return Uni.createFrom().item(List.of());
        }
        return ReadOnlyQuery.list(WorkerHost.class, "from WorkerHost order by name");
    }

    /** The host that last ran each allowlisted container, by the inventory's latest sighting with a host. */
    private static Uni<Map<String, String>> containerHosts(boolean needed, List<AllowedContainer> allowed) {
        if (!needed || allowed.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> ids = allowed.stream().map(a -> a.containerId).toList();
        return ReadOnlyQuery.list(ContainerSnapshot.class, "from ContainerSnapshot c where c.containerId in ?1"
                        + " and c.hostName is not null and c.snapshotAt = (select max(c2.snapshotAt) from ContainerSnapshot c2"
                        + " where c2.containerId = c.containerId and c2.hostName is not null)", ids)
                .map(list -> {
                    Map<String, String> owners = new java.util.HashMap<>();
                    list.forEach(c -> owners.put(c.containerId, c.hostName));
                    return owners;
                });
    }

    private static Uni<Map<TaskKey, Job>> jobs(Set<TaskKey> tasks) {
        if (tasks.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // All of them (one per task, a handful): a query without a list parameter, whose plan Hibernate keeps.
        return ReadOnlyQuery.list(Job.class, "from Job")
                .map(list -> list.stream().collect(Collectors.toMap(j -> j.taskKey, Function.identity())));
    }

    /** The directives named, or defaulted to by a single task's job; D4 too when a launch brings custom text. */
    private static Uni<Map<Long, Directive>> directives(Collection<RunLaunchService.Checked> launches,
                                                        Map<TaskKey, Job> jobs, boolean custom) {
        Set<Long> ids = new LinkedHashSet<>();
        for (RunLaunchService.Checked l : launches) {
            LaunchRequest r = l.request();
            if (r.customDirectiveText() != null) {
                continue;
            }
            if (r.directiveId() != null) {
                ids.add(r.directiveId());
            } else if (l.tasks().size() == 1 && jobs.get(l.tasks().iterator().next()) != null) {
                Long fallback = jobs.get(l.tasks().iterator().next()).defaultDirectiveId;
                if (fallback != null) {
                    ids.add(fallback);
                }
            }
        }
        if (ids.isEmpty() && !custom) {
            return Uni.createFrom().item(Map.of());
        }
        Uni<List<Directive>> query = ids.isEmpty()
                ? ReadOnlyQuery.list(Directive.class, "from Directive where code = ?1", RunLaunchService.CUSTOM_DIRECTIVE_CODE)
                : custom ? ReadOnlyQuery.list(Directive.class, "from Directive where id in ?1 or code = ?2", List.copyOf(ids),
                        RunLaunchService.CUSTOM_DIRECTIVE_CODE)
                : ReadOnlyQuery.list(Directive.class, "from Directive where id in ?1", List.copyOf(ids));
        return query
                .map(list -> list.stream().collect(Collectors.toMap(d -> d.id, Function.identity())));
    }

    private static Uni<List<AllowedContainer>> allowed(boolean needed) {
        if (!needed) {
            return Uni.createFrom().item(List.of());
        }
        return ReadOnlyQuery.list(AllowedContainer.class, "from AllowedContainer where enabled = true");
    }
}
