package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GPU as nvidia-smi reported it. Every measured value is nullable: old drivers, consumer boards,
 * Windows and MIG mode each leave different fields out, and "unknown" must stay distinguishable from 0.
 * Memory is in MiB (nvidia-smi's unit), temperatures in °C, power in W.
 *
 * @param index                   position used everywhere else (history, capacity): the minor number
 *                                when known, else the order in the output
 * @param activeClockEventReasons why clocks are held down right now ({@code gpu_idle}, {@code sw_power_cap},
 *                                {@code hw_thermal_slowdown}, ...), from either the old
 *                                {@code clocks_throttle_reasons} or the new {@code clocks_event_reasons}
 * @param temperatureShutdownC    nvidia-smi's "max threshold": the GPU shuts down there
 */
public record GpuInfo(
        int index,
        Integer minorNumber,
        String name,
        String uuid,
        String pciBusId,
        String driverVersion,
        Integer memoryTotalMib,
        Integer memoryUsedMib,
        Integer memoryFreeMib,
        Integer memoryReservedMib,
        Integer utilizationGpuPct,
        Integer utilizationMemoryPct,
        Integer temperatureC,
        Integer temperatureSlowdownC,
        Integer temperatureShutdownC,
        Double powerDrawW,
        Double powerLimitW,
        String performanceState,
        List<String> activeClockEventReasons,
        EccCounts ecc,
        RetiredPages retiredPages,
        RemappedRows remappedRows,
        Boolean migEnabled,
        List<MigDevice> migDevices,
        List<GpuProcess> processes) {

    public GpuInfo {
        activeClockEventReasons = activeClockEventReasons == null ? List.of() : List.copyOf(activeClockEventReasons);
        migDevices = migDevices == null ? List.of() : List.copyOf(migDevices);
        processes = processes == null ? List.of() : List.copyOf(processes);
        ecc = ecc == null ? EccCounts.UNKNOWN : ecc;
        retiredPages = retiredPages == null ? RetiredPages.UNKNOWN : retiredPages;
        remappedRows = remappedRows == null ? RemappedRows.UNKNOWN : remappedRows;
    }

    /**
     * Free VRAM as reported; else total minus used minus reserved. nvidia-smi's own "free" already
     * excludes memory the driver reserves, so it is preferred over the subtraction.
     */
    public Integer freeMib() {
        if (memoryFreeMib != null) {
            return memoryFreeMib;
        }
        if (memoryTotalMib == null || memoryUsedMib == null) {
            return null;
        }
        int reserved = memoryReservedMib == null ? 0 : memoryReservedMib;
        return Math.max(0, memoryTotalMib - memoryUsedMib - reserved);
    }

    /**
     * The largest block one model can be placed in: with MIG on, a process only sees its own
     * instance, so it is the freest instance rather than the whole board.
     */
    public Integer allocatableMib() {
        if (Boolean.TRUE.equals(migEnabled) && !migDevices.isEmpty()) {
            Integer best = null;
            for (MigDevice d : migDevices) {
                Integer free = d.freeMib();
                if (free != null && (best == null || free > best)) {
                    best = free;
                }
            }
            return best;
        }
        return freeMib();
    }

    public GpuInfo withIndex(int newIndex) {
        List<GpuProcess> moved = processes.stream().map(p -> p.withGpuIndex(newIndex)).toList();
        return new GpuInfo(newIndex, minorNumber, name, uuid, pciBusId, driverVersion, memoryTotalMib, memoryUsedMib,
                memoryFreeMib, memoryReservedMib, utilizationGpuPct, utilizationMemoryPct, temperatureC,
                temperatureSlowdownC, temperatureShutdownC, powerDrawW, powerLimitW, performanceState,
                activeClockEventReasons, ecc, retiredPages, remappedRows, migEnabled, migDevices, moved);
    }

    public GpuInfo withProcesses(List<GpuProcess> newProcesses) {
        return new GpuInfo(index, minorNumber, name, uuid, pciBusId, driverVersion, memoryTotalMib, memoryUsedMib,
                memoryFreeMib, memoryReservedMib, utilizationGpuPct, utilizationMemoryPct, temperatureC,
                temperatureSlowdownC, temperatureShutdownC, powerDrawW, powerLimitW, performanceState,
                activeClockEventReasons, ecc, retiredPages, remappedRows, migEnabled, migDevices, newProcesses);
    }

    /**
     * The GPU's JSON. Key names follow the {@code gpu_state} table's columns (memory in MiB under
     * {@code _mb}, as there) so the launcher can store a GPU without renaming; {@code ecc_errors} is
     * the uncorrected count, the one that matters for health.
     */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gpu_index", index);
        m.put("minor_number", minorNumber);
        m.put("gpu_uuid", uuid);
        m.put("name", name);
        m.put("pci_bus_id", pciBusId);
        m.put("driver_version", driverVersion);
        m.put("memory_total_mb", memoryTotalMib);
        m.put("memory_used_mb", memoryUsedMib);
        m.put("memory_free_mb", freeMib());
        m.put("memory_reserved_mb", memoryReservedMib);
        m.put("utilization_gpu_pct", utilizationGpuPct);
        m.put("utilization_mem_pct", utilizationMemoryPct);
        m.put("temperature_c", temperatureC);
        m.put("temperature_slowdown_c", temperatureSlowdownC);
        m.put("temperature_shutdown_c", temperatureShutdownC);
        m.put("power_draw_w", powerDrawW);
        m.put("power_limit_w", powerLimitW);
        m.put("performance_state", performanceState);
        m.put("throttle_reasons", activeClockEventReasons);
        m.put("ecc_errors", ecc.uncorrected());
        m.put("ecc", ecc.toJson());
        m.put("retired_pages", retiredPages.reported() ? retiredPages.toJson() : null);
        m.put("remapped_rows", remappedRows.reported() ? remappedRows.toJson() : null);
        m.put("mig_enabled", migEnabled);
        m.put("mig_devices", migDevices.stream().map(MigDevice::toJson).toList());
        Map<String, Object> byPid = new LinkedHashMap<>();
        for (GpuProcess p : processes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("process_name", p.name());
            entry.put("used_memory_mb", p.usedMemoryMib());
            entry.put("container_id", p.containerId());
            entry.put("container_name", p.containerName());
            byPid.put(Long.toString(p.pid()), entry);
        }
        m.put("processes", byPid);
        return m;
    }
}
