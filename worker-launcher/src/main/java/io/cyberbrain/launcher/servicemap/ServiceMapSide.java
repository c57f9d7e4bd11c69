package io.cyberbrain.launcher.servicemap;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.launcher.host.HostIdentity;
import io.cyberbrain.launcher.inventory.ContainerInventorySource;
import io.cyberbrain.launcher.inventory.InspectScrubber;
import io.cyberbrain.launcher.job.JobContext;
import io.cyberbrain.launcher.job.LauncherStore;
import io.cyberbrain.launcher.job.TaskSide;
import io.cyberbrain.model.job.TaskKey;
import io.cyberbrain.policy.ConfigSecrets;
import io.cyberbrain.redaction.Redactor;
import io.cyberbrain.worker.TaskOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The service map's launcher side: the worker gets the container and network inspect objects the launcher collected
 * (secrets taken out; the allowlist or everything, by the run's scope); a successful map leaves its NetworkPolicy
 * recommendations and the inventory snapshot it was drawn from.
 */
@ApplicationScoped
public class ServiceMapSide implements TaskSide {

    private final LauncherStore store;
    private final ContainerInventorySource inventory;
    private final String hostName;

    public ServiceMapSide(LauncherStore store, ContainerInventorySource inventory, HostIdentity host) {
        this.store = store;
        this.inventory = inventory;
        this.hostName = host.name();
    }

    @Override
    public TaskKey key() {
        return TaskKey.SERVICE_MAP;
    }

    @Override
    public Map<String, Object> inputs(JobContext job, Path jobDir, Window window) {
        boolean all = "all".equals(job.task3Scope());
        var collected = inventory.collect(all ? null : store.enabledAllowlist());
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("containers", collected.containers().stream().map(c -> InspectScrubber.scrub(c, Redactor.standard())).toList());
        inputs.put("networks", collected.networks().stream().map(ConfigSecrets::masked).toList());
        inputs.put("scope", all ? "all" : "allowlist");
        if (collected.unavailable() != null) {
            inputs.put("inventory_unavailable", collected.unavailable());
        }
        return inputs;
    }

    @Override
    public TaskRows rows(JobContext job, TaskOutcome outcome, Map<String, Object> inputs) {
        if (!TaskOutcome.SUCCESS.equals(outcome.status())) {
            return TaskRows.NONE;
        }
        List<PolicyRow> policies = policies(outcome.result());
        List<Map<String, Object>> containers = containers(inputs);
        return (tx, now) -> insertPolicies(tx, job.runId(), job.jobId(), policies, hostName, now)
                .flatMap(v -> insertInventory(tx, job.jobId(), containers, hostName, now));
    }

    /** One map of every host's containers, each node with its host (see {@link ServiceMapMerge}). */
    @Override
    public Map<String, Object> merge(Map<String, Map<String, Object>> byHost) {
        return ServiceMapMerge.merge(byHost);
    }

    record PolicyRow(String serviceName, String namespace, String containerId, List<String> allowedFrom, String yaml) {
    }

    static List<PolicyRow> policies(Map<String, Object> result) {
        List<PolicyRow> rows = new ArrayList<>();
        if (result == null || !(result.get("policies") instanceof List<?> list)) {
            return rows;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> p && p.get("service") != null && p.get("yaml") != null) {
                List<String> from = p.get("allowed_from") instanceof List<?> f ? f.stream().map(String::valueOf).toList() : List.of();
                rows.add(new PolicyRow(String.valueOf(p.get("service")),
                        p.get("namespace") == null ? "default" : String.valueOf(p.get("namespace")),
                        p.get("container_id") == null ? null : String.valueOf(p.get("container_id")), from,
                        String.valueOf(p.get("yaml"))));
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> inputs) {
        return inputs.get("containers") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(o -> (Map<String, Object>) o).toList()
                : List.of();
    }

    private static Uni<Void> insertPolicies(SqlClient tx, long runId, long jobId, List<PolicyRow> policies, String hostName,
                                            OffsetDateTime now) {
        if (policies.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = policies.stream().map(p -> Tuple.from(new Object[] {runId, jobId, p.serviceName(), p.namespace(),
                p.containerId(), p.allowedFrom().toArray(String[]::new), p.yaml(), now, hostName})).toList();
        return tx.preparedQuery("""
                insert into network_policy_recommendation (run_id, run_job_id, service_name, namespace, container_id, allowed_from,
                                                           policy_yaml, created_at, host_name)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                on conflict (run_id, service_name, namespace, coalesce(host_name, '')) do update set policy_yaml = excluded.policy_yaml,
                    allowed_from = excluded.allowed_from, run_job_id = excluded.run_job_id""").executeBatch(rows).replaceWithVoid();
    }

    private static Uni<Void> insertInventory(SqlClient tx, long jobId, List<Map<String, Object>> containers, String hostName,
                                             OffsetDateTime now) {
        if (containers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = containers.stream().map(c -> inventoryTuple(c, jobId, hostName, now)).toList();
        return tx.preparedQuery("""
                insert into container_inventory (snapshot_at, container_id, name, image, state, status_text, compose_project,
                                                 compose_service, labels, networks, ports, inspect, run_job_id, host_name)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""").executeBatch(rows).replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private static Tuple inventoryTuple(Map<String, Object> inspect, long jobId, String hostName, OffsetDateTime now) {
        Map<String, Object> config = (Map<String, Object>) inspect.getOrDefault("Config", Map.of());
        Map<String, Object> state = (Map<String, Object>) inspect.getOrDefault("State", Map.of());
        Map<String, Object> network = (Map<String, Object>) inspect.getOrDefault("NetworkSettings", Map.of());
        Map<String, Object> labels = config.get("Labels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
        String name = String.valueOf(inspect.getOrDefault("Name", "")).replaceFirst("^/", "");
        Map<String, Object> networks = network.get("Networks") instanceof Map<?, ?> n ? (Map<String, Object>) n : Map.of();
        Map<String, Object> ports = network.get("Ports") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        return Tuple.from(new Object[] {now, String.valueOf(inspect.get("Id")), name, config.get("Image"), state.get("Status"),
                state.get("Status"), labels.get("com.docker.compose.project"), labels.get("com.docker.compose.service"),
                new JsonObject(labels), new JsonObject(networks), new JsonObject(ports), null, jobId, hostName});
    }
}
