package io.cyberbrain.worker.task.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Flags GPU states that need a person: heat, hardware slowdowns, memory errors. */
public final class GpuHealth {

    /** Degrees below the slowdown threshold at which a temperature is worth a warning. */
    public static final int SLOWDOWN_MARGIN_C = 5;

    /**
     * Clock-event reasons that mean trouble. Idle, application clocks, the software power cap and sync
     * boost are normal operation (a loaded GPU sits at its power cap), so they are not flagged.
     */
    static final Set<String> TROUBLE_REASONS =
            Set.of("hw_slowdown", "hw_thermal_slowdown", "hw_power_brake_slowdown", "sw_thermal_slowdown");

    private GpuHealth() {
    }

    public static List<HealthWarning> check(List<GpuInfo> gpus) {
        List<HealthWarning> out = new ArrayList<>();
        for (GpuInfo g : gpus) {
            check(g, out);
        }
        return out;
    }

    private static void check(GpuInfo g, List<HealthWarning> out) {
        int i = g.index();
        List<String> trouble = g.activeClockEventReasons().stream().filter(TROUBLE_REASONS::contains).toList();
        if (!trouble.isEmpty()) {
            out.add(new HealthWarning(i, "throttling", "clocks held down by " + String.join(", ", trouble)));
        }
        EccCounts ecc = g.ecc();
        if (ecc.hasUncorrected()) {
            out.add(new HealthWarning(i, "ecc_uncorrected", "uncorrected ECC errors: volatile "
                    + orUnknown(ecc.volatileUncorrected()) + ", aggregate " + orUnknown(ecc.aggregateUncorrected())));
        }
        if (Boolean.TRUE.equals(g.retiredPages().pending())) {
            out.add(new HealthWarning(i, "retired_pages_pending", "page retirement pending: takes effect after a GPU reset"));
        }
        if (Boolean.TRUE.equals(g.remappedRows().pending())) {
            out.add(new HealthWarning(i, "remapped_rows_pending", "row remapping pending: takes effect after a GPU reset"));
        }
        if (Boolean.TRUE.equals(g.remappedRows().failure())) {
            out.add(new HealthWarning(i, "remapped_rows_failure", "row remapping failed: no spare rows left"));
        }
        Integer temp = g.temperatureC();
        Integer slowdown = g.temperatureSlowdownC();
        if (temp != null && slowdown != null && temp >= slowdown - SLOWDOWN_MARGIN_C) {
            out.add(new HealthWarning(i, "temperature_near_slowdown",
                    "temperature " + temp + " °C is within " + SLOWDOWN_MARGIN_C + " °C of the slowdown threshold "
                            + slowdown + " °C"));
        }
    }

    private static String orUnknown(Long v) {
        return v == null ? "n/a" : v.toString();
    }
}
