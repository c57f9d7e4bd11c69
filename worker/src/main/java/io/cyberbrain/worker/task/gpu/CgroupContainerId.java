package io.cyberbrain.worker.task.gpu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the container id in a {@code /proc/<pid>/cgroup} file. Docker, containerd (CRI) and podman
 * all name a container's cgroup after its 64-hex id, in several shapes:
 * <ul>
 *   <li>cgroup v1: {@code 12:memory:/docker/<id>}</li>
 *   <li>cgroup v2 with systemd: {@code 0::/system.slice/docker-<id>.scope}</li>
 *   <li>Kubernetes: {@code .../kubepods/besteffort/pod<uid>/<id>},
 *       {@code ...slice/cri-containerd-<id>.scope}, {@code ...:cri-containerd:<id>}</li>
 *   <li>podman: {@code .../libpod-<id>.scope}</li>
 * </ul>
 * The id must stand alone as 64 hex characters, so pod UIDs (dashed) and longer hashes do not match.
 */
public final class CgroupContainerId {

    private static final Pattern ID = Pattern.compile("(?<![0-9a-f])([0-9a-f]{64})(?![0-9a-f])");

    private CgroupContainerId() {
    }

    /** The container id, or empty for a process outside any container (or unreadable content). */
    public static Optional<String> fromCgroup(String cgroupFile) {
        if (cgroupFile == null) {
            return Optional.empty();
        }
        for (String line : cgroupFile.split("\\R")) {
            // "hierarchy-id:controllers:path"; only the path names containers
            int secondColon = line.indexOf(':', line.indexOf(':') + 1);
            String path = secondColon < 0 ? line : line.substring(secondColon + 1);
            Matcher m = ID.matcher(path);
            String last = null;
            while (m.find()) {
                last = m.group(1); // nested cgroups: the innermost id is the container itself
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }
}
