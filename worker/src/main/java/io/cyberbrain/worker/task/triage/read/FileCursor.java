package io.cyberbrain.worker.task.triage.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far one log file has been read: the {@code log_cursor} row as the worker sees it.
 *
 * <p>The identity of the file is {@code device} + {@code inode} (null when the file system does not tell,
 * then the source key stands in for it) plus {@code headSha256}, the SHA-256 of the file's first
 * {@code min(fileSize, 1024)} bytes, which tells a file whose inode was reused from the one the offset
 * belongs to. For a compressed file ({@code .gz}) the head is that of the compressed bytes, the size is the
 * compressed size and {@code offset} is the number of decompressed bytes read; a compressed file with a
 * cursor has been read in full.
 *
 * @param sourceKey  the path relative to the log root, with {@code /} separators
 * @param offset     the byte offset just past the last line read (a partial last line is not read)
 * @param fileSize   the file's size when it was read
 * @param lines      how many lines lie before {@code offset} (so the next window can number its lines as the file
 *                   does), null when not known (a cursor stored before lines were counted)
 */
public record FileCursor(String sourceKey, Long device, Long inode, long offset, long fileSize, String headSha256,
                         Long lines) {

    /** A cursor without a line count. */
    public FileCursor(String sourceKey, Long device, Long inode, long offset, long fileSize, String headSha256) {
        this(sourceKey, device, inode, offset, fileSize, headSha256, null);
    }

    /** How many leading bytes the head hash covers at most. */
    public static final int HEAD_BYTES = 1024;

    public FileCursor {
        if (sourceKey == null || sourceKey.isBlank()) {
            throw new IllegalArgumentException("a log cursor needs a source key");
        }
        if (offset < 0 || fileSize < 0 || lines != null && lines < 0) {
            throw new IllegalArgumentException("log cursor " + sourceKey + " has a negative offset, size or line count");
        }
    }

    /** Whether this is the cursor of a compressed file, which is read once in full. */
    /** This cursor moved to another file name (the file was renamed), or with another line count. */
    FileCursor withKey(String key, Long lineCount) {
        return new FileCursor(key, device, inode, offset, fileSize, headSha256, lineCount);
    }

    public boolean compressed() {
        return isCompressedName(sourceKey);
    }

    /** How many leading bytes {@link #headSha256} covers. */
    public int headLength() {
        return (int) Math.min(fileSize, HEAD_BYTES);
    }

    boolean hasIdentity() {
        return device != null && inode != null;
    }

    boolean sameIdentity(Long otherDevice, Long otherInode) {
        return hasIdentity() && device.equals(otherDevice) && inode.equals(otherInode);
    }

    static boolean isCompressedName(String key) {
        return key.endsWith(".gz");
    }

    /** The cursor as job.json / result.json carry it (snake_case keys). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_key", sourceKey);
        m.put("device", device);
        m.put("inode", inode);
        m.put("offset", offset);
        m.put("file_size", fileSize);
        m.put("head_sha256", headSha256);
        m.put("lines", lines);
        return m;
    }

    public static List<Map<String, Object>> toJson(List<FileCursor> cursors) {
        return cursors.stream().map(FileCursor::toJson).toList();
    }

    /**
     * Reads cursors from a job input: a list of objects with the keys of {@link #toJson()}. Null is no
     * cursor at all.
     *
     * @throws IllegalArgumentException naming the entry that is not a cursor
     */
    public static List<FileCursor> listFromJson(Object input) {
        if (input == null) {
            return List.of();
        }
        if (!(input instanceof List<?> list)) {
            throw new IllegalArgumentException("log cursors must be a list, got " + input.getClass().getSimpleName());
        }
        List<FileCursor> out = new ArrayList<>();
        int i = 0;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("log cursor #" + i + " is not an object");
            }
            Object key = m.get("source_key");
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("log cursor #" + i + " has no source_key");
            }
            Object head = m.get("head_sha256");
            out.add(new FileCursor(s, longOrNull(m.get("device"), i, "device"), longOrNull(m.get("inode"), i, "inode"),
                    longOr0(m.get("offset"), i, "offset"), longOr0(m.get("file_size"), i, "file_size"),
                    head == null ? null : head.toString(), longOrNull(m.get("lines"), i, "lines")));
            i++;
        }
        return out;
    }

    private static Long longOrNull(Object v, int i, String name) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException("log cursor #" + i + " has a " + name + " that is not a whole number");
    }

    private static long longOr0(Object v, int i, String name) {
        Long l = longOrNull(v, i, name);
        return l == null ? 0L : l;
    }
}
