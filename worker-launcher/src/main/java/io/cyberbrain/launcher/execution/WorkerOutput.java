package io.cyberbrain.launcher.execution;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A worker's own output (its stdout and stderr, as the executor saw them), bounded: the last {@code limit} bytes
 * are kept and the rest only counted, so a worker that floods its output costs the launcher at most twice that.
 * Raw and unredacted: it goes through the redactor before it is stored or shown (the job's worker log artifact).
 */
public final class WorkerOutput extends OutputStream {

    /** The bytes kept when the configuration says nothing: 1 MiB. */
    public static final int DEFAULT_LIMIT = 1 << 20;

    private final int limit;
    private byte[] buffer;
    private int length;
    private long total;
    private String incomplete;

    public WorkerOutput(int limit) {
        if (limit < 1 || limit > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("the worker output limit must be between 1 and " + Integer.MAX_VALUE / 2
                    + " bytes, not " + limit);
        }
        this.limit = limit;
        this.buffer = new byte[Math.min(2 * limit, 8192)];
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        total += count;
        if (count >= limit) {
            ensureCapacity(limit);
            System.arraycopy(bytes, offset + count - limit, buffer, 0, limit);
            length = limit;
            return;
        }
        if (length + count > 2 * limit) {
            // Drop what can no longer be in the tail; copying once per `limit` bytes keeps writes linear.
            int keep = limit - count;
            System.arraycopy(buffer, length - keep, buffer, 0, keep);
            length = keep;
        }
        ensureCapacity(length + count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(2L * limit, Math.max(needed, 2L * buffer.length)));
        }
    }

    /** Every byte the worker wrote, kept or not. */
    public synchronized long totalBytes() {
        return total;
    }

    /** The last bytes written, at most the limit. */
    public synchronized byte[] tail() {
        int kept = Math.min(length, limit);
        return Arrays.copyOfRange(buffer, length - kept, length);
    }

    /** Whether the start of the output is missing from {@link #tail()}. */
    public synchronized boolean cut() {
        return total > Math.min(length, limit);
    }

    /** The last {@code maxBytes} of the output as text, for error summaries (redact before storing). */
    public synchronized String tailText(int maxBytes) {
        int start = Math.max(0, length - Math.min(maxBytes, limit));
        return new String(buffer, start, length - start, StandardCharsets.UTF_8);
    }

    /** Says the executor could not read all of the output (the engine did not give it in time), and why. */
    public synchronized void markIncomplete(String why) {
        incomplete = why;
    }

    /** Why the output may be incomplete, or null. */
    public synchronized String incomplete() {
        return incomplete;
    }
}
