package io.cyberbrain.api.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.HostsConfig;
import io.cyberbrain.model.host.WorkerHost;

/** Worker hosts on the wire. */
public final class HostViews {

    private HostViews() {
    }

    /** A host's container engine as its API named itself. */
    public record EngineView(String name, String version) {
    }

    /** One GPU as the host's own monitor saw it at the last heartbeat. */
    public record GpuView(int index, String uuid, String model, Integer memoryTotalMb) {
    }

    @Schema(description = "A host that runs a worker-launcher. status is derived from the last heartbeat (online, stale: "
            + "missed heartbeats, offline); state is what an admin lets it do (enabled, draining: finishes what it holds "
            + "and claims nothing new, disabled: claims nothing)")
    public record HostView(long id, String name, @Schema(enumeration = {"online", "stale", "offline"}) String status,
                           @Schema(enumeration = {"enabled", "disabled", "draining"}) String state, Map<String, String> labels,
                           String executor, EngineView engine, List<GpuView> gpus, int maxConcurrentJobs, long runningJobs,
                           Instant lastHeartbeatAt, String version) {

        static HostView of(WorkerHost h, long running, Instant now, HostsConfig config) {
            return new HostView(h.id, h.name, h.status(now, config).wire(), h.state.wire(),
                    new TreeMap<>(h.labels == null ? Map.of() : h.labels), h.executor,
                    h.engine == null ? null : new EngineView(h.engine, h.engineVersion), gpuList(h.gpus), h.maxConcurrentJobs,
                    running, h.lastHeartbeatAt, h.version);
        }
    }

    /** GPU index -> {uuid, model, memory_total_mb}, as the launcher stored it, as a list by index. */
    static List<GpuView> gpuList(Map<String, Object> stored) {
        List<GpuView> out = new ArrayList<>();
        if (stored == null) {
            return out;
        }
        stored.forEach((index, value) -> {
            if (value instanceof Map<?, ?> g && index.matches("\\d{1,4}")) {
                out.add(new GpuView(Integer.parseInt(index), str(g.get("uuid")), str(g.get("model")),
                        g.get("memory_total_mb") instanceof Number n ? n.intValue() : null));
            }
        });
        out.sort(Comparator.comparingInt(GpuView::index));
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    /** Body of {@code PATCH /api/worker-hosts/{id}}: what an admin changes; fields left out stay as they are. */
    public record HostPatch(
            @Schema(description = "Replaces the host's labels; kept across restarts until its configured labels change")
            @Size(max = 20) Map<String, String> labels,
            @Schema(enumeration = {"enabled", "disabled", "draining"}) String state) {
    }

    @Schema(description = "Whether a host's launcher is alive and taking work, with the reasons when it is not")
    public record HostHealth(long id, String name, @Schema(enumeration = {"online", "stale", "offline"}) String status,
                             @Schema(enumeration = {"enabled", "disabled", "draining"}) String state, boolean healthy,
                             boolean claiming, Instant lastHeartbeatAt, long heartbeatAgeSeconds, long staleAfterSeconds,
                             long offlineAfterSeconds, long runningJobs, int maxConcurrentJobs,
                             @Schema(description = "Pending jobs targeted at this host by name") long waitingJobs,
                             List<String> problems) {

        static HostHealth of(WorkerHost h, long running, long waiting, Instant now, HostsConfig config) {
            HostStatus status = h.status(now, config);
            List<String> problems = new ArrayList<>();
            if (status == HostStatus.STALE) {
                problems.add("missed heartbeats: none since " + h.lastHeartbeatAt);
            } else if (status == HostStatus.OFFLINE) {
                problems.add(h.stoppedAt != null && !h.stoppedAt.isBefore(h.lastHeartbeatAt)
                        ? "stopped at " + h.stoppedAt : "no heartbeat since " + h.lastHeartbeatAt);
            }
            boolean claiming = status == HostStatus.ONLINE && h.state == io.cyberbrain.model.host.HostState.ENABLED;
            if (h.state != io.cyberbrain.model.host.HostState.ENABLED) {
                problems.add("state " + h.state.wire() + ": claims no new jobs");
            }
            if (waiting > 0 && !claiming) {
                problems.add(waiting + " job(s) targeted at this host wait");
            }
            return new HostHealth(h.id, h.name, status.wire(), h.state.wire(), status == HostStatus.ONLINE, claiming,
                    h.lastHeartbeatAt, Math.max(0, Duration.between(h.lastHeartbeatAt, now).toSeconds()),
                    config.staleAfter().toSeconds(), config.offlineAfter().toSeconds(), running, h.maxConcurrentJobs, waiting,
                    problems);
        }
    }
}
