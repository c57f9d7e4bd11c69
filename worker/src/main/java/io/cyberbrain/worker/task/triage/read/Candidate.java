package io.cyberbrain.worker.task.triage.read;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A file found under the log root. {@code head} is its first min(size, 1024) bytes (compressed bytes for .gz). */
final class Candidate {

    private static final Pattern ROTATION = Pattern.compile("^(.*?)[.-](\\d+)(\\.gz)?$");

    final String key;
    final Path path;
    final Long dev;
    final Long ino;
    final long size;
    final long mtimeNanos;
    final boolean compressed;
    final long rotation;
    final byte[] head;

    Candidate(String key, Path path, Long dev, Long ino, long size, long mtimeNanos, byte[] head) {
        this.key = key;
        this.path = path;
        this.dev = dev;
        this.ino = ino;
        this.size = size;
        this.mtimeNanos = mtimeNanos;
        this.compressed = FileCursor.isCompressedName(key);
        Matcher m = ROTATION.matcher(path.getFileName().toString());
        this.rotation = m.matches() && m.group(2).length() < 10 ? Long.parseLong(m.group(2)) : 0;
        this.head = head;
    }

    boolean hasIdentity() {
        return dev != null && ino != null;
    }

    FileCursor cursor(long offset, Long lines) {
        return new FileCursor(key, dev, ino, offset, size, LogWindowReader.sha256(head, head.length), lines);
    }
}
