package io.cyberbrain.worker.task.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps a GPU process to its container. The launcher knows container names and gathers them into
 * {@code inputs.process_containers}; when it did not, the process's cgroup still gives the id, provided
 * this worker can see the host's {@code /proc}. Anything unknown resolves to null.
 */
final class ContainerResolver {

    private final Map<String, ContainerRef> byPid;
    private final Path procRoot;

    ContainerResolver(Object processContainersInput, Path procRoot) {
        this.byPid = fromInput(processContainersInput);
        this.procRoot = procRoot;
    }

    ContainerRef resolve(long pid) {
        ContainerRef known = byPid.get(Long.toString(pid));
        if (known != null) {
            return known;
        }
        if (procRoot == null || pid <= 0) {
            return null;
        }
        Path cgroup = procRoot.resolve(Long.toString(pid)).resolve("cgroup");
        try {
            if (!Files.isReadable(cgroup)) {
                return null;
            }
            return CgroupContainerId.fromCgroup(Files.readString(cgroup)).map(id -> new ContainerRef(id, null))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            // the process may have exited between nvidia-smi and now, or /proc may be hidden
            return null;
        }
    }

    private static Map<String, ContainerRef> fromInput(Object input) {
        Map<String, ContainerRef> out = new HashMap<>();
        if (!(input instanceof Map<?, ?> map)) {
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null || !(e.getValue() instanceof Map<?, ?> ref)) {
                continue;
            }
            String id = stringOrNull(ref.get("container_id"));
            String name = stringOrNull(ref.get("container_name"));
            if (id != null || name != null) {
                out.put(e.getKey().toString().strip(), new ContainerRef(id, name));
            }
        }
        return out;
    }

    private static String stringOrNull(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString().strip();
        return s.isEmpty() ? null : s;
    }
}
