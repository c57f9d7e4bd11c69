package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process holding GPU memory.
 *
 * @param gpuIndex      the GPU it runs on, null when it could not be matched to one
 * @param name          as nvidia-smi printed it (a path or a whole command line); redact before output
 * @param type          {@code C} compute, {@code G} graphics, {@code C+G}; null from CSV
 * @param usedMemoryMib null on drivers that do not account per process (Windows WDDM)
 */
public record GpuProcess(Integer gpuIndex, String gpuUuid, long pid, String name, String type,
                         Integer usedMemoryMib, String containerId, String containerName) {

    public GpuProcess withGpuIndex(Integer index) {
        return new GpuProcess(index, gpuUuid, pid, name, type, usedMemoryMib, containerId, containerName);
    }

    public GpuProcess withName(String newName) {
        return new GpuProcess(gpuIndex, gpuUuid, pid, newName, type, usedMemoryMib, containerId, containerName);
    }

    public GpuProcess withContainer(ContainerRef container) {
        if (container == null) {
            return this;
        }
        return new GpuProcess(gpuIndex, gpuUuid, pid, name, type, usedMemoryMib, container.id(), container.name());
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu_index", gpuIndex);
        m.put("gpu_uuid", gpuUuid);
        m.put("pid", pid);
        m.put("process_name", name);
        m.put("type", type);
        m.put("used_memory_mb", usedMemoryMib);
        m.put("container_id", containerId);
        m.put("container_name", containerName);
        return m;
    }
}
