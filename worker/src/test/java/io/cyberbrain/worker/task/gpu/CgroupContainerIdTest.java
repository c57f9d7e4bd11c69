package io.cyberbrain.worker.task.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CgroupContainerIdTest {

    private static final String ID = "3f4e2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    @Test
    void dockerUnderCgroupV1() {
        String cgroup = """
                12:memory:/docker/%1$s
                11:cpu,cpuacct:/docker/%1$s
                1:name=systemd:/docker/%1$s
                """.formatted(ID);
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup(cgroup));
    }

    @Test
    void dockerUnderCgroupV2WithSystemd() {
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup("0::/system.slice/docker-" + ID + ".scope\n"));
    }

    @Test
    void kubernetesContainerdShapes() {
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup(
                "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1a2b3c4d_5e6f_7a8b_9c0d_1e2f3a4b5c6d.slice/cri-containerd-"
                        + ID + ".scope"));
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup(
                "0::/kubepods/besteffort/pod1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d/" + ID));
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup(
                "0::/system.slice/containerd.service/kubepods-burstable-pod1a2b.slice:cri-containerd:" + ID));
    }

    @Test
    void podmanLibpodScope() {
        assertEquals(Optional.of(ID), CgroupContainerId.fromCgroup(
                "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope/container"));
    }

    @Test
    void hostProcessesHaveNoContainer() {
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/init.scope\n"));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/user.slice/user-1000.slice/session-3.scope\n"));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/\n"));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup(""));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup(null));
    }

    @Test
    void hexRunsThatAreNotExactly64LongAreIgnored() {
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/system.slice/docker-" + ID + "ab.scope"));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/system.slice/docker-" + ID.substring(1) + ".scope"));
        assertEquals(Optional.empty(), CgroupContainerId.fromCgroup("0::/docker/" + ID.toUpperCase()));
    }
}
