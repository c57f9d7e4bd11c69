package io.cyberbrain.launcher.task.triage;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import io.cyberbrain.launcher.task.triage.mine.TemplateMiner;
import io.cyberbrain.launcher.task.triage.parse.EntryAssembler;
import io.cyberbrain.launcher.task.triage.parse.HeaderSplitter;
import io.cyberbrain.launcher.task.triage.parse.Level;
import io.cyberbrain.launcher.task.triage.parse.LogEntry;
import io.cyberbrain.launcher.task.triage.parse.TimeContext;
import io.cyberbrain.launcher.task.triage.read.LineSink;

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
 */
final class TriageCollector implements LineSink, AutoCloseable {

    static final int BATCH = 2048;
    static final int QUEUE_BATCHES = 8;
    private static final Level[] LEVELS = Level.values();

    private final TemplateMiner miner;
    private final Instant fallbackTime;
    private final TimeContext time;
    private final Observer observer;
    private final Map<String, Source> sources = new HashMap<>();
    private Source last;

    // mining side (the miner thread when pipelined)
    private final long[] byLevel = new long[LEVELS.length];
    private long entries;
    private long continuationLines;
    private Instant earliest;

    // pipelining
    private final BlockingQueue<Object[]> queue;
    private final Thread worker;
    private volatile Throwable failure;
    private Object[] batch;
    private int batchSize;
    private boolean finished;

    private static final Object[] END = new Object[0];

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
            batch = new Object[BATCH * 2];
            worker = new Thread(this::drain, "triage-miner");
            worker.setDaemon(true);
            worker.start();
        } else {
            queue = null;
            worker = null;
        }
    }

    /** The splitter and assembler of one source, and the consumer that hands its entries on. */
    private final class Source {
        final String key;
        final EntryAssembler assembler;
        final Consumer<LogEntry> out;

        Source(String key) {
            this.key = key;
            this.assembler = new EntryAssembler(new HeaderSplitter(null, time));
            if (observer != null) {
                assembler.observe(what -> observer.line(key, what));
            }
            this.out = queue == null ? e -> mine(key, e) : e -> enqueue(key, e);
        }
    }

    @Override
    public void line(String sourceKey, String line) {
        Source s = last;
        if (s == null || !s.key.equals(sourceKey)) {
            s = sources.computeIfAbsent(sourceKey, Source::new);
            last = s;
        }
        s.assembler.accept(line, s.out);
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
            s.assembler.flush(s.out);
        }
        if (worker != null) {
            if (batchSize > 0) {
                put(java.util.Arrays.copyOf(batch, batchSize));
                batchSize = 0;
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

    private void enqueue(String key, LogEntry e) {
        batch[batchSize++] = key;
        batch[batchSize++] = e;
        if (batchSize == batch.length) {
            Object[] full = batch;
            batch = new Object[BATCH * 2];
            batchSize = 0;
            put(full);
        }
    }

    private void put(Object[] b) {
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
                Object[] b = queue.take();
                if (b == END) {
                    return;
                }
                for (int i = 0; i < b.length; i += 2) {
                    mine((String) b[i], (LogEntry) b[i + 1]);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    // ---------------------------------------------------------------- mining side

    private void mine(String key, LogEntry e) {
        Instant t = e.timestamp();
        if (t != null && (earliest == null || t.isBefore(earliest))) {
            earliest = t;
        }
        entries++;
        byLevel[e.level().ordinal()]++;
        continuationLines += e.continuationLines();
        int id = miner.add(e.message(), e.level(), key, t != null ? t : fallbackTime);
        if (observer != null) {
            observer.entry(key, e, id);
        }
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

    /** The earliest entry time seen (not the fallback), or null. */
    Instant earliest() {
        return earliest;
    }

    int sourceCount() {
        return sources.size();
    }
}
