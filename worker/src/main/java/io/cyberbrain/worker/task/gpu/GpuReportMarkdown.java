package io.cyberbrain.worker.task.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the report section from a {@link GpuReport}. Text from the machine is already redacted; here
 * it is only made table-safe (pipes, line breaks, HTML) and shortened, since a process "name" can be a
 * whole command line.
 */
public final class GpuReportMarkdown {

    public static final String HEADING = "## GPU report";
    static final int MAX_CELL = 120;

    private GpuReportMarkdown() {
    }

    public static String render(GpuReport r) {
        StringBuilder md = new StringBuilder();
        md.append(HEADING).append("\n\n");
        md.append(r.summary()).append(". Source: ").append(r.source());
        if (r.snapshot().driverVersion() != null) {
            md.append(", driver ").append(cell(r.snapshot().driverVersion()));
        }
        if (r.snapshot().cudaVersion() != null) {
            md.append(", CUDA ").append(cell(r.snapshot().cudaVersion()));
        }
        md.append(".\n");
        for (GpuInfo g : r.gpus()) {
            gpu(md, g);
        }
        processes(md, r);
        history(md, r.history());
        capacity(md, r.capacity());
        warnings(md, r.warnings());
        return md.toString();
    }

    /** The whole section when there is nothing to report on. */
    public static String noGpu(List<String> notes) {
        StringBuilder md = new StringBuilder(HEADING).append("\n\n");
        md.append("No NVIDIA GPU: nvidia-smi is not installed or did not answer, and no nvidia-smi output was supplied.\n");
        for (String n : notes) {
            md.append("\n- ").append(cell(n));
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        return md.toString();
    }

    private static void gpu(StringBuilder md, GpuInfo g) {
        md.append("\n### GPU ").append(g.index()).append(": ").append(cell(g.name())).append("\n\n");
        md.append("| field | value |\n| --- | --- |\n");
        row(md, "UUID", cell(g.uuid()));
        row(md, "VRAM", mib(g.memoryUsedMib()) + " used of " + mib(g.memoryTotalMib()) + ", " + mib(g.freeMib()) + " free");
        row(md, "utilisation", "GPU " + pct(g.utilizationGpuPct()) + ", memory " + pct(g.utilizationMemoryPct()));
        row(md, "temperature", celsius(g.temperatureC()) + " (slowdown " + celsius(g.temperatureSlowdownC())
                + ", shutdown " + celsius(g.temperatureShutdownC()) + ")");
        row(md, "power", watts(g.powerDrawW()) + " of " + watts(g.powerLimitW()));
        row(md, "performance state", cell(g.performanceState()));
        row(md, "clock event reasons", g.activeClockEventReasons().isEmpty() ? "none active"
                : cell(String.join(", ", g.activeClockEventReasons())));
        row(md, "ECC", ecc(g.ecc()));
        if (g.retiredPages().reported()) {
            RetiredPages p = g.retiredPages();
            row(md, "retired pages", "single-bit " + num(p.singleBitCount()) + ", double-bit " + num(p.doubleBitCount())
                    + ", pending " + yesNo(p.pending()));
        }
        if (g.remappedRows().reported()) {
            RemappedRows rr = g.remappedRows();
            row(md, "remapped rows", "correctable " + num(rr.correctable()) + ", uncorrectable " + num(rr.uncorrectable())
                    + ", pending " + yesNo(rr.pending()) + ", failure " + yesNo(rr.failure()));
        }
        String mig = g.migEnabled() == null ? "n/a" : g.migEnabled() ? "enabled" : "disabled";
        if (!g.migDevices().isEmpty()) {
            mig += " (" + GpuReport.plural(g.migDevices().size(), "instance", "instances") + ")";
        }
        row(md, "MIG", mig);
    }

    private static void processes(StringBuilder md, GpuReport r) {
        md.append("\n### Processes\n\n");
        List<GpuProcess> ps = r.processes();
        if (ps.isEmpty()) {
            md.append("No GPU processes reported.\n");
            return;
        }
        md.append("| GPU | PID | process | type | VRAM | container |\n| --- | --- | --- | --- | --- | --- |\n");
        for (GpuProcess p : ps) {
            md.append("| ").append(p.gpuIndex() == null ? "?" : p.gpuIndex().toString())
                    .append(" | ").append(p.pid())
                    .append(" | ").append(cell(p.name()))
                    .append(" | ").append(cell(p.type()))
                    .append(" | ").append(mib(p.usedMemoryMib()))
                    .append(" | ").append(container(p))
                    .append(" |\n");
        }
    }

    private static void history(StringBuilder md, List<GpuHistory> history) {
        md.append("\n### History\n\n");
        if (history.isEmpty()) {
            md.append("No history yet.\n");
            return;
        }
        md.append("| GPU | samples | VRAM used peak / p95 | utilisation peak / p95 | temperature peak / p95 |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (GpuHistory h : history) {
            md.append("| ").append(h.gpuIndex())
                    .append(" | ").append(h.samples())
                    .append(" | ").append(stat(h.memoryUsedMib(), " MiB"))
                    .append(" | ").append(stat(h.utilizationGpuPct(), " %"))
                    .append(" | ").append(stat(h.temperatureC(), " °C"))
                    .append(" |\n");
        }
    }

    private static void capacity(StringBuilder md, CapacityPlan plan) {
        md.append("\n### Capacity\n\n");
        md.append("| GPU | free VRAM | largest block | idleness score |\n| --- | --- | --- | --- |\n");
        boolean partitioned = false;
        for (CapacityPlan.GpuRoom room : plan.gpus()) {
            partitioned |= !Objects.equals(room.freeMib(), room.allocatableMib());
            md.append("| ").append(room.gpuIndex())
                    .append(" | ").append(mib(room.freeMib()))
                    .append(" | ").append(mib(room.allocatableMib()))
                    .append(" | ").append(room.idleness() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", room.idleness()))
                    .append(" |\n");
        }
        md.append("\nA model fits a GPU when the largest free block covers the model plus ").append(plan.headroomMib())
                .append(" MiB headroom");
        md.append(partitioned ? "; on a MIG GPU that block is its freest instance.\n\n" : ".\n\n");
        md.append("| model | needs | fits on GPUs | best GPU | free after |\n| --- | --- | --- | --- | --- |\n");
        for (CapacityPlan.ModelFit f : plan.models()) {
            md.append("| ").append(gib(f.sizeGib()))
                    .append(" | ").append(f.requiredMib()).append(" MiB")
                    .append(" | ").append(f.fitsOn().isEmpty() ? "none"
                            : f.fitsOn().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" | ").append(f.bestGpu() == null ? "-" : f.bestGpu().toString())
                    .append(" | ").append(f.freeAfterMib() == null ? "-" : f.freeAfterMib() + " MiB")
                    .append(" |\n");
        }
    }

    private static void warnings(StringBuilder md, List<HealthWarning> warnings) {
        md.append("\n### Health\n\n");
        if (warnings.isEmpty()) {
            md.append("No warnings.\n");
            return;
        }
        for (HealthWarning w : warnings) {
            md.append("- GPU ").append(w.gpuIndex()).append(" `").append(w.kind()).append("`: ")
                    .append(cell(w.message())).append('\n');
        }
    }

    // ---------------------------------------------------------------- formatting

    private static void row(StringBuilder md, String field, String value) {
        md.append("| ").append(field).append(" | ").append(value).append(" |\n");
    }

    private static String container(GpuProcess p) {
        if (p.containerName() != null) {
            return cell(p.containerName());
        }
        if (p.containerId() != null) {
            String id = p.containerId();
            return cell(id.length() > 12 ? id.substring(0, 12) : id);
        }
        return "-";
    }

    private static String ecc(EccCounts e) {
        if (!e.reported()) {
            return Boolean.FALSE.equals(e.enabled()) ? "disabled" : "not supported";
        }
        return "volatile " + num(e.volatileCorrected()) + " corrected / " + num(e.volatileUncorrected())
                + " uncorrected, aggregate " + num(e.aggregateCorrected()) + " corrected / "
                + num(e.aggregateUncorrected()) + " uncorrected";
    }

    private static String stat(MetricStats s, String unit) {
        if (s.peak() == null) {
            return "n/a";
        }
        return trim(s.peak()) + " / " + trim(s.p95()) + unit;
    }

    private static String trim(Double d) {
        return d == Math.rint(d) ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static String gib(double g) {
        return (g == Math.rint(g) ? Long.toString((long) g) : String.format(Locale.ROOT, "%.1f", g)) + " GiB";
    }

    private static String mib(Integer v) {
        return v == null ? "n/a" : v + " MiB";
    }

    private static String pct(Integer v) {
        return v == null ? "n/a" : v + " %";
    }

    private static String celsius(Integer v) {
        return v == null ? "n/a" : v + " °C";
    }

    private static String watts(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f W", v);
    }

    private static String num(Number v) {
        return v == null ? "n/a" : v.toString();
    }

    private static String yesNo(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "no";
    }

    /** Table-safe text: no line breaks, pipes escaped, no raw HTML, at most {@value #MAX_CELL} characters. */
    static String cell(String s) {
        if (s == null) {
            return "n/a";
        }
        String flat = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (flat.length() > MAX_CELL) {
            flat = flat.substring(0, MAX_CELL - 1) + "…";
        }
        return flat.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("`", "'");
    }
}
