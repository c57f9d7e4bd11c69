package io.cyberbrain.worker.task.triage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.cyberbrain.worker.task.triage.mine.MinerConfig;
import io.cyberbrain.worker.task.triage.mine.TemplateMiner;
import io.cyberbrain.worker.task.triage.parse.EntryAssembler;
import io.cyberbrain.worker.task.triage.parse.Level;
import io.cyberbrain.worker.task.triage.parse.LogEntry;
import io.cyberbrain.worker.task.triage.parse.TimeContext;
import io.cyberbrain.worker.task.triage.read.LogWindowReader;
import io.cyberbrain.worker.task.triage.read.ReadOptions;

/**
 * What the triage makes of every physical line of the files under a folder, through the worker's own path: the
 * {@link LogWindowReader} reads every file from its start (no layout is declared anywhere), a
 * {@link TriageCollector} detects each file's format, splits and assembles its entries and mines them, and one
 * JSON object per line says whether the line starts an entry, and the entry's timestamp (UTC), level, message and
 * template. Used by {@code bench/triage-parse.sh} and by the tests that score the parser on labelled logs.
 *
 * <pre>
 *   java ... TriageLineDump DIR [--timezone ZONE]
 * </pre>
 */
public final class TriageLineDump {

    /** One physical line's outcome. */
    public record Line(String file, int line, boolean entryStart, String ts, String level, String message,
                       String template) {
    }

    private TriageLineDump() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        ZoneId zone = ZoneId.systemDefault();
        for (int i = 0; i < args.length; i++) {
            if ("--timezone".equals(args[i]) && i + 1 < args.length) {
                zone = ZoneId.of(args[++i]);
            } else {
                dir = Path.of(args[i]);
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            System.err.println("usage: TriageLineDump DIR [--timezone ZONE]");
            System.exit(2);
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        dump(dir, TimeContext.of(zone, Clock.systemUTC()), l -> out.println(json(l)));
        out.flush();
    }

    /**
     * Reads every file under {@code dir} (recursively; {@code *.truth.jsonl} label files skipped) and hands each
     * physical line's outcome to {@code out}, file by file in the reader's order, lines in file order.
     */
    public static void dump(Path dir, TimeContext time, Consumer<Line> out) throws IOException, InterruptedException {
        ReadOptions options = ReadOptions.defaults().withInclude(List.of("**/*"))
                .withExclude(List.of("**/*.truth.jsonl"));
        options = new ReadOptions(options.include(), options.exclude(), options.firstRunTailBytes(), Long.MAX_VALUE,
                Long.MAX_VALUE, options.maxLineBytes(), options.maxDecompressedBytes(), true,
                options.useFileIdentity());
        Map<String, Source> sources = new LinkedHashMap<>();
        TemplateMiner miner = new TemplateMiner(MinerConfig.defaults());
        TriageCollector.Observer observer = new TriageCollector.Observer() {
            @Override
            public void line(String key, int what) {
                sources.get(key).kinds.add(what);
            }

            @Override
            public void entry(String key, LogEntry entry, int clusterId) {
                sources.get(key).entries.add(entry);
                sources.get(key).clusters.add(clusterId);
            }
        };
        try (TriageCollector collector = new TriageCollector(miner, time, false, observer)) {
            new LogWindowReader(options).read(dir, List.of(), false, (key, line) -> {
                sources.computeIfAbsent(key, k -> new Source()).lines.add(line);
                collector.line(key, line);
            });
            collector.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        miner.finish();
        for (Map.Entry<String, Source> s : sources.entrySet()) {
            s.getValue().emit(s.getKey(), miner, out);
        }
    }

    private static final class Source {
        final List<String> lines = new ArrayList<>();
        final List<Integer> kinds = new ArrayList<>();
        final List<LogEntry> entries = new ArrayList<>();
        final List<Integer> clusters = new ArrayList<>();

        void emit(String file, TemplateMiner miner, Consumer<Line> out) {
            int entry = -1;
            for (int i = 0; i < lines.size(); i++) {
                int kind = i < kinds.size() ? kinds.get(i) : EntryAssembler.LineObserver.BLANK;
                if (kind == EntryAssembler.LineObserver.START) {
                    entry++;
                    LogEntry e = entries.get(entry);
                    out.accept(new Line(file, i + 1, true, e.timestamp() == null ? null : e.timestamp().toString(),
                            e.level() == Level.UNKNOWN ? null : e.level().name(), e.message(),
                            miner.templateText(clusters.get(entry))));
                } else {
                    out.accept(new Line(file, i + 1, false, null, null, lines.get(i), null));
                }
            }
        }
    }

    /** The line as one JSON object. */
    public static String json(Line l) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"file\":");
        str(b, l.file());
        b.append(",\"line\":").append(l.line()).append(",\"entry_start\":").append(l.entryStart()).append(",\"ts\":");
        str(b, l.ts());
        b.append(",\"level\":");
        str(b, l.level());
        b.append(",\"message\":");
        str(b, l.message());
        b.append(",\"template\":");
        str(b, l.template());
        return b.append('}').toString();
    }

    private static void str(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
