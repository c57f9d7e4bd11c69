package io.cyberbrain.worker.task.gpu;

import java.util.List;

/** One reading of nvidia-smi: the GPUs ordered by index, and the driver/CUDA versions when printed. */
public record NvidiaSmiSnapshot(String driverVersion, String cudaVersion, List<GpuInfo> gpus) {

    public NvidiaSmiSnapshot {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }

    public int processCount() {
        return gpus.stream().mapToInt(g -> g.processes().size()).sum();
    }
}
