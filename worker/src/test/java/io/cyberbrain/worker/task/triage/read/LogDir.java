package io.cyberbrain.worker.task.triage.read;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A log folder that tests write to, rotate (logrotate's ways) and read with cursors carried between runs. */
final class LogDir {

    final Path root;
    final LogWindowReader reader;
    List<FileCursor> cursors = List.of();
    boolean succeededOnce;
    ReadResult last;
    /** Globs the next runs are scoped to; null reads everything. */
    List<String> scope;

    LogDir(Path root, ReadOptions options) {
        this.root = root;
        this.reader = new LogWindowReader(options);
    }

    LogDir(Path root) {
        this(root, ReadOptions.defaults());
    }

    Path path(String key) {
        return root.resolve(key);
    }

    LogDir append(String key, String text) {
        return appendBytes(key, text.getBytes(StandardCharsets.UTF_8));
    }

    LogDir appendBytes(String key, byte[] bytes) {
        try {
            Path p = path(key);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code prefix-from} to {@code prefix-(to-1)}, one per line. */
    LogDir lines(String key, String prefix, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(prefix).append('-').append(i).append('\n');
        }
        return append(key, sb.toString());
    }

    static List<String> expected(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    void rename(String from, String to) {
        try {
            Files.move(path(from), path(to), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gzip {@code from} into {@code to} and remove {@code from}, as logrotate's compress does. */
    void gzip(String from, String to) {
        try {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path(to)))) {
                Files.copy(path(from), out);
            }
            Files.delete(path(from));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** logrotate copytruncate: copy to {@code to}, then truncate the original in place (same inode). */
    void copyTruncate(String key, String to) {
        try {
            Files.copy(path(key), path(to));
            try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One successful run: the lines read; cursors are kept for the next. */
    List<String> run() {
        Collected sink = new Collected();
        last = runInto(sink);
        return sink.texts();
    }

    ReadResult runInto(LineSink sink) {
        try {
            ReadResult r = reader.read(root, cursors, !succeededOnce, scope, sink);
            cursors = r.cursors();
            succeededOnce = true;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FileRead file(String key) {
        return last.files().stream().filter(f -> f.sourceKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no file " + key + " in " + last.files()));
    }

    /** Collects lines as {@code key|text}. */
    static final class Collected implements LineSink {
        final List<String> keyed = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        @Override
        public void line(String sourceKey, String line) {
            keyed.add(sourceKey + "|" + line);
            texts.add(line);
        }

        List<String> texts() {
            return texts;
        }
    }
}
