package io.cyberbrain.worker.task.triage.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Splits bytes into lines for a {@link LineSink}, holding at most one line of at most {@code maxLineBytes}
 * bytes: a longer line is handed over cut at the cap and the rest of it is skipped up to its newline.
 * Tracks how many bytes were consumed: up to and including the last newline, so that a partial last line
 * can be left for the next run.
 */
final class LineSplitter {

    private final String sourceKey;
    private final LineSink sink;
    private final byte[] line;
    private int len;
    private boolean skipping;
    private long fed;
    private long committed;
    private long lines;
    private long cutLines;

    LineSplitter(String sourceKey, LineSink sink, int maxLineBytes) {
        this.sourceKey = sourceKey;
        this.sink = sink;
        this.line = new byte[maxLineBytes];
    }

    void feed(byte[] data, int off, int n) {
        int end = off + n;
        int i = off;
        while (i < end) {
            int nl = indexOfNewline(data, i, end);
            if (nl < 0) {
                append(data, i, end - i);
                fed += end - i;
                return;
            }
            fed += nl - i + 1;
            if (skipping) {
                skipping = false;
            } else if (len == 0 && nl - i <= line.length) {
                emit(data, i, nl - i); // the whole line is in this buffer: no copy
            } else {
                append(data, i, nl - i);
                if (skipping) {
                    skipping = false; // append handed the cut line over; its rest ends here
                } else {
                    emit();
                }
            }
            len = 0;
            committed = fed;
            i = nl + 1;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Index of the first '\n' in {@code data[from, to)}, or -1. Eight bytes at a time: a byte of {@code word ^ NEWLINES}
     * is zero exactly where a newline is, and {@code (x - ONES) & ~x & HIGHS} marks the lowest zero byte exactly
     * (the classic test; it may also mark bytes above it, which the lowest-bit pick ignores).
     */
    static int indexOfNewline(byte[] data, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(data, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Ends the input and tells how many bytes are consumed.
     *
     * @param lastLineComplete true when the input is whole (a finished file): a last line without newline is
     *                         a line; false when the file may still grow: it is left for the next run
     * @return bytes consumed from the first byte fed
     */
    long finish(boolean lastLineComplete) {
        if (lastLineComplete) {
            if (len > 0 && !skipping) {
                emit();
            }
            len = 0;
            skipping = false;
            committed = fed;
        } else if (skipping) {
            // the cut line was handed over; what follows it up to its newline is skipped from the next run too,
            // short of a later newline it shows up there as a line of its own
            committed = fed;
        }
        return committed;
    }

    /** Bytes consumed so far (up to and including the last newline). */
    long committed() {
        return committed;
    }

    long lines() {
        return lines;
    }

    long cutLines() {
        return cutLines;
    }

    private void append(byte[] data, int off, int n) {
        if (skipping || n == 0) {
            return;
        }
        int room = line.length - len;
        if (n <= room) {
            System.arraycopy(data, off, line, len, n);
            len += n;
            return;
        }
        System.arraycopy(data, off, line, len, room);
        len += room;
        cutLines++;
        emit();
        len = 0;
        skipping = true;
    }

    private void emit() {
        emit(line, 0, len);
    }

    private void emit(byte[] bytes, int off, int length) {
        int n = length;
        if (n > 0 && bytes[off + n - 1] == '\r') {
            n--;
        }
        lines++;
        sink.line(sourceKey, new String(bytes, off, n, StandardCharsets.UTF_8));
    }
}
