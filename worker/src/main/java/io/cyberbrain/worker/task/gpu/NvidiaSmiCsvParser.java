package io.cyberbrain.worker.task.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code nvidia-smi --query-gpu=... --format=csv} and {@code --query-compute-apps=... --format=csv}.
 * nvidia-smi's CSV has no quoting: cells are separated by ", ", headers carry units
 * ({@code memory.used [MiB]}), values repeat them ({@code 575 MiB}) unless {@code nounits} was given,
 * and missing values are bracketed markers ({@code [N/A]}). Columns are found by name, so any field
 * selection and order works.
 */
public final class NvidiaSmiCsvParser {

    /** The columns asked for by {@link #COMPUTE_APPS_QUERY}, used when the output has no header. */
    static final List<String> COMPUTE_APPS_COLUMNS = List.of("pid", "process_name", "gpu_uuid", "used_memory");

    /** The query the task runs for processes. */
    public static final String COMPUTE_APPS_QUERY = "--query-compute-apps=pid,process_name,gpu_uuid,used_memory";

    private static final String[] REASON_PREFIXES = {"clocks_event_reasons.", "clocks_throttle_reasons."};

    /** One table: lower-case column names without their unit suffix, and each row by column. */
    record Table(List<String> columns, List<Map<String, String>> rows) {
    }

    /** GPUs from a --query-gpu CSV, ordered by index. The header is required (it names the columns). */
    public List<GpuInfo> parseQueryGpu(String csv) {
        Table table = table(csv, null, null);
        if (!table.columns().contains("name") && !table.columns().contains("uuid")
                && !table.columns().contains("index") && !table.columns().contains("memory.total")) {
            throw new GpuDataException("not a --query-gpu CSV with a header: no name, uuid, index or memory.total column");
        }
        List<GpuInfo> gpus = new ArrayList<>();
        int position = 0;
        for (Map<String, String> row : table.rows()) {
            gpus.add(gpu(row, position++));
        }
        gpus.sort(Comparator.comparingInt(GpuInfo::index));
        return gpus;
    }

    /** Processes from a --query-compute-apps CSV, with or without header. gpuIndex is left null. */
    public List<GpuProcess> parseComputeApps(String csv) {
        Table table = table(csv, COMPUTE_APPS_COLUMNS, "process_name");
        List<GpuProcess> processes = new ArrayList<>();
        for (Map<String, String> row : table.rows()) {
            Long pid = NvidiaValues.whole(row.get("pid"));
            if (pid == null) {
                continue; // e.g. a "No running processes found" line
            }
            processes.add(new GpuProcess(null, NvidiaValues.text(row.get("gpu_uuid")), pid,
                    NvidiaValues.text(row.get("process_name")), null,
                    NvidiaValues.integer(first(row, "used_gpu_memory", "used_memory")), null, null));
        }
        return processes;
    }

    private static GpuInfo gpu(Map<String, String> row, int position) {
        Integer index = NvidiaValues.integer(row.get("index"));
        return new GpuInfo(
                index != null ? index : position,
                null, // --query-gpu has no minor number
                NvidiaValues.text(row.get("name")),
                NvidiaValues.text(row.get("uuid")),
                NvidiaValues.text(row.get("pci.bus_id")),
                NvidiaValues.text(row.get("driver_version")),
                NvidiaValues.integer(row.get("memory.total")),
                NvidiaValues.integer(row.get("memory.used")),
                NvidiaValues.integer(row.get("memory.free")),
                NvidiaValues.integer(row.get("memory.reserved")),
                NvidiaValues.integer(row.get("utilization.gpu")),
                NvidiaValues.integer(row.get("utilization.memory")),
                NvidiaValues.integer(row.get("temperature.gpu")),
                null, // thresholds are not query fields
                null,
                NvidiaValues.decimal(first(row, "power.draw", "power.draw.average", "power.draw.instant")),
                NvidiaValues.decimal(first(row, "enforced.power.limit", "power.limit")),
                NvidiaValues.text(row.get("pstate")),
                activeReasons(row),
                new EccCounts(NvidiaValues.flag(row.get("ecc.mode.current")),
                        NvidiaValues.whole(row.get("ecc.errors.corrected.volatile.total")),
                        NvidiaValues.whole(row.get("ecc.errors.uncorrected.volatile.total")),
                        NvidiaValues.whole(row.get("ecc.errors.corrected.aggregate.total")),
                        NvidiaValues.whole(row.get("ecc.errors.uncorrected.aggregate.total"))),
                new RetiredPages(NvidiaValues.integer(first(row, "retired_pages.single_bit_ecc.count", "retired_pages.sbe")),
                        NvidiaValues.integer(first(row, "retired_pages.double_bit.count", "retired_pages.dbe")),
                        NvidiaValues.flag(row.get("retired_pages.pending"))),
                new RemappedRows(NvidiaValues.integer(row.get("remapped_rows.correctable")),
                        NvidiaValues.integer(row.get("remapped_rows.uncorrectable")),
                        NvidiaValues.flag(row.get("remapped_rows.pending")),
                        NvidiaValues.flag(row.get("remapped_rows.failure"))),
                NvidiaValues.flag(row.get("mig.mode.current")),
                List.of(),
                List.of());
    }

    private static List<String> activeReasons(Map<String, String> row) {
        List<String> active = new ArrayList<>();
        for (Map.Entry<String, String> e : row.entrySet()) {
            for (String prefix : REASON_PREFIXES) {
                if (e.getKey().startsWith(prefix) && "Active".equalsIgnoreCase(NvidiaValues.text(e.getValue()))) {
                    // .supported and .active are bit masks, never the word "Active"
                    active.add(e.getKey().substring(prefix.length()));
                }
            }
        }
        return active;
    }

    private static String first(Map<String, String> row, String... columns) {
        for (String c : columns) {
            if (NvidiaValues.text(row.get(c)) != null) {
                return row.get(c);
            }
        }
        return null;
    }

    /**
     * Splits the CSV. A first line whose first cell is a number is data, not a header; it is then read
     * with {@code defaultColumns} (or rejected when there are none). nvidia-smi never quotes, so a comma
     * inside a value (a Windows path, a command line) yields extra cells: those are joined back into
     * {@code freeTextColumn}.
     */
    static Table table(String csv, List<String> defaultColumns, String freeTextColumn) {
        if (csv == null) {
            throw new GpuDataException("empty nvidia-smi CSV");
        }
        List<String> lines = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new GpuDataException("empty nvidia-smi CSV");
        }
        List<String> firstCells = rawCells(lines.get(0));
        boolean headerless = NvidiaValues.decimal(firstCells.get(0)) != null;
        List<String> columns;
        int dataStart;
        if (headerless) {
            if (defaultColumns == null) {
                throw new GpuDataException("nvidia-smi CSV without a header");
            }
            columns = defaultColumns;
            dataStart = 0;
        } else {
            columns = firstCells.stream().map(NvidiaSmiCsvParser::columnName).toList();
            dataStart = 1;
        }
        int freeText = freeTextColumn == null ? -1 : columns.indexOf(freeTextColumn);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = dataStart; i < lines.size(); i++) {
            List<String> cells = rawCells(lines.get(i));
            if (cells.size() > columns.size() && freeText >= 0) {
                cells = rejoin(cells, freeText, cells.size() - columns.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size() && c < cells.size(); c++) {
                row.put(columns.get(c), cells.get(c).strip());
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    private static List<String> rejoin(List<String> rawCells, int at, int extra) {
        List<String> out = new ArrayList<>(rawCells.subList(0, at));
        out.add(String.join(",", rawCells.subList(at, at + extra + 1)));
        out.addAll(rawCells.subList(at + extra + 1, rawCells.size()));
        return out;
    }

    private static List<String> rawCells(String line) {
        return List.of(line.split(",", -1));
    }

    /** "memory.used [MiB]" -> "memory.used". */
    static String columnName(String header) {
        String h = header.strip();
        int bracket = h.indexOf(" [");
        if (bracket > 0 && h.endsWith("]")) {
            h = h.substring(0, bracket);
        }
        return h.toLowerCase(Locale.ROOT);
    }
}
