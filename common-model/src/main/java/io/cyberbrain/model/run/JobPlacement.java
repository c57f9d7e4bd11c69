package io.cyberbrain.model.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.host.HostState;
import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.Target;
import io.cyberbrain.model.host.WorkerHost;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.policy.LogScope;

/**
 * Where each job of a run goes, decided at launch: a named host, a label selector any host may match, one job per
 * matching online and enabled host ({@code all}), or, without a target, any host, except that a log triage reading
 * containers goes to the host that runs them (the inventory's last sighting), one job per such host.
 */
final class JobPlacement {

    /** One job to write: the hosts that may claim it, and the log scope it reads (narrowed to its host's containers). */
    record Slot(String targetHost, Map<String, String> targetLabels, LogScope scope) {
    }

    private JobPlacement() {
    }

    static List<Slot> slots(TaskKey task, Target target, LogScope scope, LaunchContext context) {
        if (target == null) {
            return task == TaskKey.LOG_TRIAGE ? byContainerHost(scope, context.containerHosts())
                    : List.of(new Slot(null, null, scope));
        }
        if (target.host() != null) {
            if (context.hosts().stream().noneMatch(h -> h.name.equals(target.host()))) {
                throw new InvalidRequestException("target.host", "no worker host named '" + target.host() + "' has registered");
            }
            return List.of(new Slot(target.host(), null, scope));
        }
        if (!target.all()) {
            return List.of(new Slot(null, target.labels(), scope));
        }
        List<Slot> slots = new ArrayList<>();
        for (WorkerHost host : context.hosts()) {
            if (host.state == HostState.ENABLED && host.status(context.now(), context.hostsConfig()) == HostStatus.ONLINE
                    && target.matches(host.name, host.labels)) {
                slots.add(new Slot(host.name, null, scope));
            }
        }
        if (slots.isEmpty()) {
            throw new InvalidRequestException("target", "no online, enabled worker host matches " + describe(target)
                    + ": nothing to fan out to");
        }
        return slots;
    }

    /**
     * A scope's containers grouped by the host that runs them: one job per host with only its containers (the files,
     * shared logs, go with the first job); containers whose host is not known yet go to a job any host may take.
     */
    private static List<Slot> byContainerHost(LogScope scope, Map<String, String> containerHosts) {
        if (scope == null || scope.containers().isEmpty()) {
            return List.of(new Slot(null, null, scope));
        }
        Map<String, List<String>> byHost = new LinkedHashMap<>();
        for (String id : scope.containers()) {
            byHost.computeIfAbsent(containerHosts.getOrDefault(id, ""), h -> new ArrayList<>()).add(id);
        }
        if (byHost.size() == 1) {
            String host = byHost.keySet().iterator().next();
            return List.of(new Slot(host.isEmpty() ? null : host, null, scope));
        }
        List<Slot> slots = new ArrayList<>();
        byHost.forEach((host, ids) -> slots.add(new Slot(host.isEmpty() ? null : host, null,
                new LogScope(slots.isEmpty() ? scope.files() : List.of(), ids))));
        return slots;
    }

    static String describe(Target target) {
        if (target.host() != null) {
            return "host '" + target.host() + "'";
        }
        return target.labels().isEmpty() ? "any host" : "labels " + new java.util.TreeMap<>(target.labels());
    }
}
