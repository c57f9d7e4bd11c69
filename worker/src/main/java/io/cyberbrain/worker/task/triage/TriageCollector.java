package io.cyberbrain.worker.task.triage;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import io.cyberbrain.worker.task.triage.mine.TemplateMiner;
import io.cyberbrain.worker.task.triage.parse.EntryAssembler;
import io.cyberbrain.worker.task.triage.parse.HeaderSplitter;
import io.cyberbrain.worker.task.triage.parse.Level;
import io.cyberbrain.worker.task.triage.parse.LogEntry;
import io.cyberbrain.worker.task.triage.parse.TimeContext;
import io.cyberbrain.worker.task.triage.read.LineSink;

/**
 * Streams the lines of a window into entries and templates without holding the window: one
 * {@link HeaderSplitter} + {@link EntryAssembler} per source (headers are detected per source), one
 * {@link TemplateMiner} for all of them, and the totals by level.
 *
 * <p>Pipelined (the default for the task): lines are split into entries on the reading thread and mined on
 * a second thread, entries travelling in bounded batches (at most {@value #QUEUE_BATCHES} batches of
 * {@value #BATCH} entries in flight), so reading, decoding and header parsing overlap with mining. Not
 * pipelined: everything on the calling thread. Either way the result is the same: the miner sees the
 * entries in the same order.
 *
 * <p>An entry without a timestamp is seen at {@code fallbackTime} (the window's end). Zone-less and year-less
 * timestamps are resolved by the splitters' {@link TimeContext} (read at the window's end).
 *
 * <p>Each entry is placed by the line its first line was in (counted per source from the window's first line, blank
 * lines included), so that every template can say in which sources and lines it was seen ({@link TemplateSpans},
 * kept per mined template and merged by template at the end).
 */
final class TriageCollector implements LineSink, AutoCloseable {

    static final int BATCH = 2048;
    static final int QUEUE_BATCHES = 8;
    private static final Level[] LEVELS = Level.values();

    private final TemplateMiner miner;
    private final Instant fallbackTime;
    private final TimeContext time;
    private final Observer observer;
    /** In the order the sources were read: {@link #finish()} emits the entries they still hold in that order. */
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private Source last;
    /** Spans per cluster id of the miner; pruned of evicted clusters when it grows past twice the miner's cap. */
    private final Map<Integer, TemplateSpans> spans = new HashMap<>();

    // mining side (the miner thread when pipelined)
    private final long[] byLevel = new long[LEVELS.length];
    private long entries;
    private long continuationLines;
    private Instant earliest;

    // pipelining
    private final BlockingQueue<Batch> queue;
    private final Thread worker;
    private volatile Throwable failure;
    private Batch batch;
    private boolean finished;

    private static final Batch END = new Batch(0);

    /** Entries on their way to the miner: source, entry and first line as written, and the line number. */
    private static final class Batch {
        final Object[] items;
        final long[] lines;
        int size;

        Batch(int capacity) {
            items = new Object[capacity * 3];
            lines = new long[capacity];
        }

        boolean full() {
            return size == lines.length;
        }
    }

    /** Sees what becomes of every line and entry (the per-line harness); called on the mining thread for entries. */
    interface Observer {
        /** @param what one of {@link EntryAssembler.LineObserver}'s constants, per physical line in order */
        void line(String sourceKey, int what);

        /** An entry as mined, with the time it was counted at and its template's cluster id. */
        void entry(String sourceKey, LogEntry entry, int clusterId);
    }

    TriageCollector(TemplateMiner miner, Instant fallbackTime, boolean pipelined) {
        this(miner, new TimeContext(java.time.ZoneId.systemDefault(), fallbackTime), pipelined, null);
    }

    /**
     * @param time     how zone-less and year-less stamps are read; its reference is the window's end, the time an
     *                 entry without a timestamp is counted at
     * @param observer null, or told about every line and entry
     */
    TriageCollector(TemplateMiner miner, TimeContext time, boolean pipelined, Observer observer) {
        this.miner = miner;
        this.fallbackTime = time.reference();
        this.time = time;
        this.observer = observer;
        if (pipelined) {
            queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
            batch = new Batch(BATCH);
            worker = new Thread(this::drain, "triage-miner");
            worker.setDaemon(true);
            worker.start();
        } else {
            queue = null;
            worker = null;
        }
    }

    /**
     * The splitter and assembler of one source, and the consumer that hands its entries on with the line the entry
     * began on. The assembler may hold lines (its format sample) before it processes them, in order, telling for each
     * what became of it; the lines not processed yet wait here (the same strings the assembler holds), so each
     * processed line is known by its number and text, and an entry is emitted before the next entry's first line is
     * told, so at emission the last line told to start an entry is the emitted entry's.
     */
    private final class Source {
        final String key;
        final int index;
        final EntryAssembler assembler;
        final Consumer<LogEntry> out;
        final java.util.ArrayDeque<String> unprocessed = new java.util.ArrayDeque<>();
        long processed;
        long pendingLine;
        String pendingRaw;

        Source(String key) {
            this.key = key;
            this.index = sources.size();
            this.assembler = new EntryAssembler(new HeaderSplitter(null, time));
            assembler.observe(what -> {
                String raw = unprocessed.poll();
                processed++;
                if (what == EntryAssembler.LineObserver.START) {
                    pendingLine = processed;
                    pendingRaw = raw;
                }
                if (observer != null) {
                    observer.line(key, what);
                }
            });
            this.out = e -> {
                if (queue == null) {
                    mine(this, e, pendingLine, pendingRaw);
                } else {
                    enqueue(this, e, pendingLine, pendingRaw);
                }
            };
        }

        void accept(String line) {
            unprocessed.add(line);
            assembler.accept(line, out);
        }

        void flush() {
            assembler.flush(out);
            pendingRaw = null;
            unprocessed.clear();
        }
    }

    @Override
    public void line(String sourceKey, String line) {
        Source s = last;
        if (s == null || !s.key.equals(sourceKey)) {
            s = sources.computeIfAbsent(sourceKey, Source::new);
            last = s;
        }
        s.accept(line);
    }

    /**
     * Emits the entries still being assembled, and waits until everything is mined.
     *
     * @throws IllegalStateException when mining failed
     */
    void finish() throws InterruptedException {
        if (finished) {
            return;
        }
        finished = true;
        for (Source s : sources.values()) {
            s.flush();
        }
        if (worker != null) {
            if (batch.size > 0) {
                put(batch);
                batch = null;
            }
            put(END);
            worker.join();
            rethrow();
        }
    }

    /** Stops the miner thread if it still runs (after a failed read). */
    @Override
    public void close() {
        if (worker != null && worker.isAlive()) {
            worker.interrupt();
        }
    }

    // ---------------------------------------------------------------- pipelining

    private void enqueue(Source source, LogEntry e, long line, String raw) {
        Batch b = batch;
        int k = b.size * 3;
        b.items[k] = source;
        b.items[k + 1] = e;
        b.items[k + 2] = raw;
        b.lines[b.size++] = line;
        if (b.full()) {
            batch = new Batch(BATCH);
            put(b);
        }
    }

    private void put(Batch b) {
        try {
            while (!queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while mining");
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private void drain() {
        try {
            while (true) {
                Batch b = queue.take();
                if (b == END) {
                    return;
                }
                for (int i = 0; i < b.size; i++) {
                    mine((Source) b.items[i * 3], (LogEntry) b.items[i * 3 + 1], b.lines[i], (String) b.items[i * 3 + 2]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    // ---------------------------------------------------------------- mining side

    private void mine(Source source, LogEntry e, long line, String raw) {
        String key = source.key;
        Instant t = e.timestamp();
        if (t != null && (earliest == null || t.isBefore(earliest))) {
            earliest = t;
        }
        entries++;
        byLevel[e.level().ordinal()]++;
        continuationLines += e.continuationLines();
        int cluster = miner.add(e.message(), e.level(), key, t != null ? t : fallbackTime);
        if (observer != null) {
            observer.entry(key, e, cluster);
        }
        TemplateSpans span = spans.get(cluster);
        if (span == null) {
            if (spans.size() >= 2 * miner.config().maxTemplates()) {
                spans.keySet().removeIf(id -> miner.templateText(id) == null); // evicted since
            }
            span = new TemplateSpans();
            spans.put(cluster, span);
        }
        span.add(key, source.index, line, raw);
    }

    // ---------------------------------------------------------------- results (after finish)

    TemplateMiner miner() {
        return miner;
    }

    long entries() {
        return entries;
    }

    long continuationLines() {
        return continuationLines;
    }

    /** Entries per level, levels without entries omitted, most severe first, UNKNOWN last. */
    Map<Level, Long> byLevel() {
        Map<Level, Long> out = new java.util.LinkedHashMap<>();
        for (int k = Level.FATAL.ordinal(); k >= 0; k--) {
            if (byLevel[k] > 0) {
                out.put(LEVELS[k], byLevel[k]);
            }
        }
        if (byLevel[Level.UNKNOWN.ordinal()] > 0) {
            out.put(Level.UNKNOWN, byLevel[Level.UNKNOWN.ordinal()]);
        }
        return out;
    }

    /**
     * Where each template was seen, by the miner's template id ({@code MinedTemplate#id}); call after the miner's
     * {@code finish()}, which may merge templates.
     */
    Map<String, TemplateSpans> spansByTemplate() {
        Map<String, TemplateSpans> out = new HashMap<>();
        // in cluster order (the order they were created), so the merged sources and examples come first-seen first
        for (Map.Entry<Integer, TemplateSpans> e : new java.util.TreeMap<>(spans).entrySet()) {
            String id = miner.templateId(e.getKey());
            if (id == null) {
                continue; // evicted
            }
            TemplateSpans into = out.get(id);
            if (into == null) {
                out.put(id, e.getValue());
            } else {
                into.merge(e.getValue());
            }
        }
        return out;
    }

    /** The earliest entry time seen (not the fallback), or null. */
    Instant earliest() {
        return earliest;
    }

    int sourceCount() {
        return sources.size();
    }
}
