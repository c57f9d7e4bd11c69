package io.cyberbrain.worker.task.triage.read;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads what is new in the log files under a root folder ({@code CYBER_BRAIN_LOGS}) since the cursors of
 * the last successful run, line by line, and says where the next run must start.
 *
 * <p><b>Which files.</b> Regular files whose path relative to the root matches an include glob and no
 * exclude glob of {@link ReadOptions}; {@code runs/} (the product's own job folders) is never read. Symbolic
 * links are followed only when they lead to a regular file inside the root (a file reached both directly
 * and through a link is read once); others are skipped with a warning.
 *
 * <p><b>Identity.</b> A file is known by device + inode ({@code unix:dev}, {@code unix:ino}; when the file
 * system has no unix view, by its path) and by the SHA-256 of its first {@code min(size, 1024)} bytes as
 * recorded in the cursor, recomputed over the same length, which tells a reused inode from the file the
 * offset belongs to.
 *
 * <p><b>Where each file starts.</b>
 * <ul>
 * <li>A file with the identity and head of a cursor, at least as long as its offset, is read from that
 * offset, whatever its name now: a file rotated by rename ({@code app.log} to {@code app.log.1}) is read to
 * its end, and the new {@code app.log} (no cursor) from 0. No line is lost or read twice.</li>
 * <li>Same identity but shorter than the offset, or another head (copytruncate, or a reused inode): from
 * 0.</li>
 * <li>A file without a cursor whose head matches a cursor left without its file (the file disappeared or
 * was truncated) and that is at least as long as its offset, is read from that offset: the copy that
 * copytruncate made, or a file moved where inodes are not known.</li>
 * <li>Any other file without a cursor: from 0, or on a first run (no previous success at all) only its last
 * {@link ReadOptions#firstRunTailBytes()}, starting at a line boundary.</li>
 * <li>A partial last line (no newline yet) is not read: the cursor stops before it, and the next run reads
 * it whole. A line longer than {@link ReadOptions#maxLineBytes()} is handed over cut, the rest skipped.</li>
 * </ul>
 *
 * <p><b>Compressed files ({@code .gz}).</b> Read once, in full, decompressed up to
 * {@link ReadOptions#maxDecompressedBytes()} (against bombs; the rest is skipped with a warning), then
 * known by size and the hash of their compressed head (and inode), so that one already read is never read
 * again, even renamed ({@code app.log.2.gz} to {@code app.log.3.gz}). When a {@code .gz} is the compression
 * of a file read before (its decompressed head matches the head of a cursor whose file is gone), its first
 * {@code offset} decompressed bytes, read already, are skipped. While the uncompressed file it is made from
 * is still there ({@code app.log.1} beside {@code app.log.1.gz}: compression in progress), the {@code .gz}
 * is left for the next run. On a first run compressed files are history older than the tails: marked read
 * without being read, unless {@link ReadOptions#readCompressedOnFirstRun()}. A damaged {@code .gz} is read up
 * to the damage and marked read, with a warning.
 *
 * <p><b>Limits.</b> {@link ReadOptions#maxBytesPerFile()} and {@link ReadOptions#maxBytesPerRun()} bound the
 * work: what they leave stays behind the cursor for a later run (nothing is skipped). A compressed file is
 * never split: it is started only while the run's budget lasts, and finished.
 *
 * <p><b>Cursors.</b> The result has one cursor per file present (cursors of files that disappeared are
 * dropped), to be stored only if the run succeeds. Unreadable files are skipped with a warning and keep
 * their previous cursor.
 *
 * <p>Known limits: a file truncated and rewritten with the same first bytes up to at least its old offset
 * between two runs, or an inode reused by a file with the same head, cannot be told from the old one; with
 * copytruncate, lines written between the copy and the truncation are lost (they are in neither file).
 */
public final class LogWindowReader {

    private static final int IO_BUFFER = 64 * 1024;
    /**
     * A resumed file whose cursor does not know how many lines lie before it has them counted once, up to this
     * offset; beyond it its lines are not numbered (the byte range still says where the window is).
     */
    static final long LINE_COUNT_LIMIT = 64L * 1024 * 1024;

    private final ReadOptions options;
    private final LogFileScanner scanner;

    public LogWindowReader(ReadOptions options) {
        this.options = options;
        this.scanner = new LogFileScanner(options);
    }

    public ReadOptions options() {
        return options;
    }

    // ================================================================ the log root, with cursors

    /**
     * Reads what is new under {@code root}.
     *
     * @param previous the cursors stored by the last successful run (empty or null for none)
     * @param firstRun true when there never was a successful run: files without cursor are read from their
     *                 tail only
     * @param sink     receives the lines; an exception it throws ends the read (store no cursor then)
     * @throws IOException when the root itself cannot be read (the run must fail: storing the empty cursor
     *                     list of an unmounted folder would forget every cursor)
     */
    public ReadResult read(Path root, List<FileCursor> previous, boolean firstRun, LineSink sink) throws IOException {
        return read(root, previous, firstRun, null, sink);
    }

    /**
     * Reads what is new under {@code root} in the files a run is scoped to.
     *
     * <p>A file out of scope is not read and keeps where its cursor was: a file resumed, rotated or continued keeps the
     * offset it would have been read from (under its current name), one already read keeps its mark, and cursors left
     * without their file stay for a later run to continue. So a later run in full scope reads exactly what the scoped
     * runs left.
     *
     * @param scope globs relative to the root ({@link ReadOptions} glob rules); null reads every file
     */
    public ReadResult read(Path root, List<FileCursor> previous, boolean firstRun, List<String> scope, LineSink sink)
            throws IOException {
        List<PathMatcher> inScope = scope == null ? null : LogFileScanner.matchers(scope);
        if (!Files.isDirectory(root)) {
            throw new IOException("the log root does not exist or is not a folder");
        }
        Path realRoot = root.toRealPath();
        List<FileCursor> prev = previous == null ? List.of() : List.copyOf(previous);
        List<ReadWarning> warnings = new ArrayList<>();
        List<FileCursor> cursors = new ArrayList<>();

        List<Candidate> candidates = scanner.scan(realRoot, warnings);
        Set<String> present = new HashSet<>();
        for (Candidate c : candidates) {
            present.add(c.key);
        }
        // an unreadable file keeps its cursor, so that it is not read from 0 once it can be read again
        List<FileCursor> kept = new ArrayList<>();
        for (ReadWarning w : warnings) {
            for (FileCursor p : prev) {
                if (p.sourceKey().equals(w.sourceKey()) && !present.contains(p.sourceKey())) {
                    kept.add(p);
                    present.add(p.sourceKey());
                }
            }
        }
        cursors.addAll(kept);

        List<FileCursor> orphans = new ArrayList<>();
        List<Plan> plans = plan(candidates, prev, kept, firstRun, orphans);
        plans.sort(Comparator.comparingLong((Plan p) -> p.c.mtimeNanos)
                .thenComparing(Comparator.comparingLong((Plan p) -> p.c.rotation).reversed())
                .thenComparing(p -> p.c.key));

        Totals totals = new Totals(options.maxBytesPerRun());
        List<FileRead> files = new ArrayList<>();
        for (Plan p : plans) {
            if (inScope == null || p.action == Action.MARK_READ || LogFileScanner.matches(inScope, Path.of(p.c.key))) {
                execute(p, sink, totals, orphans, files, cursors, warnings);
            } else {
                keepOutOfScope(p, cursors);
            }
        }
        if (inScope != null) {
            // a file out of scope may continue one of these later (a copy, a compression)
            Set<String> taken = new HashSet<>();
            cursors.forEach(c -> taken.add(c.sourceKey()));
            for (FileCursor o : orphans) {
                if (taken.add(o.sourceKey())) {
                    cursors.add(o);
                }
            }
        }
        return new ReadResult(List.copyOf(cursors), List.copyOf(files), List.copyOf(warnings), totals.bytes,
                totals.lines, totals.exhausted);
    }

    // ================================================================ container logs, whole

    /**
     * Reads every {@code <name>.log} directly in {@code folder} in full, without cursors (the launcher
     * windowed them already through Docker's {@code since}); each file's source key is
     * {@code container:<name>}. A last line without newline is a line. The per-file and per-run limits
     * apply; what they leave is skipped with a warning. A missing folder reads nothing.
     */
    public ReadResult readContainerLogs(Path folder, LineSink sink) throws IOException {
        List<ReadWarning> warnings = new ArrayList<>();
        List<FileRead> files = new ArrayList<>();
        Totals totals = new Totals(options.maxBytesPerRun());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return new ReadResult(List.of(), List.of(), List.of(), 0, 0, false);
        }
        TreeMap<String, Path> logs = new TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.log")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String key = "container:" + name.substring(0, name.length() - ".log".length());
                if (Files.isSymbolicLink(p)) {
                    warnings.add(new ReadWarning(key, "symbolic link, not followed"));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    logs.put(key, p);
                }
            }
        }
        for (Map.Entry<String, Path> e : logs.entrySet()) {
            String key = e.getKey();
            long size;
            try {
                size = Files.size(e.getValue());
            } catch (IOException ex) {
                warnings.add(new ReadWarning(key, reason(ex)));
                continue;
            }
            if (totals.budget <= 0) {
                totals.exhausted = true;
                warnings.add(new ReadWarning(key, "not read: the per-run limit is spent"));
                files.add(new FileRead(key, FileRead.DEFERRED, 0, 0, 0, 0, size));
                continue;
            }
            long window = Math.min(size, Math.min(options.maxBytesPerFile(), totals.budget));
            LineSplitter splitter = new LineSplitter(key, sink, options.maxLineBytes());
            try {
                readRange(e.getValue(), 0, window, splitter);
            } catch (IOException ex) {
                warnings.add(new ReadWarning(key, reason(ex)));
            }
            long end = splitter.finish(window >= size);
            if (window < size) {
                warnings.add(new ReadWarning(key, (size - window) + " bytes beyond the read limit skipped"));
            }
            totals.add(window, splitter.lines());
            files.add(new FileRead(key, FileRead.WHOLE, 0, end, splitter.lines(), splitter.cutLines(), 0, 1L));
        }
        return new ReadResult(List.of(), List.copyOf(files), List.copyOf(warnings), totals.bytes, totals.lines,
                totals.exhausted);
    }


    // ================================================================ planning

    private enum Action { READ_PLAIN, READ_GZ, MARK_READ, DEFER }

    private static final class Plan {
        final Candidate c;
        final Action action;
        final String mode;
        final long start;
        /** For MARK_READ: the decompressed bytes the cursor says were read. */
        final long doneOffset;
        /** The cursor this file continues, kept when the file cannot be read now. */
        final FileCursor previous;
        /** Lines before {@code start} when known (0 from the beginning, else the continued cursor's count). */
        final Long linesBefore;

        Plan(Candidate c, Action action, String mode, long start, long doneOffset, FileCursor previous) {
            this(c, action, mode, start, doneOffset, previous, start == 0 ? Long.valueOf(0) : null);
        }

        Plan(Candidate c, Action action, String mode, long start, long doneOffset, FileCursor previous, Long linesBefore) {
            this.c = c;
            this.action = action;
            this.mode = mode;
            this.start = start;
            this.doneOffset = doneOffset;
            this.previous = previous;
            this.linesBefore = linesBefore;
        }
    }

    /**
     * Decides where each file starts.
     *
     * @param kept    cursors kept for files that could not be read (not to be continued by another file)
     * @param orphans filled with the cursors left without their file (gone or truncated), which new files may
     *                continue by content
     */
    private List<Plan> plan(List<Candidate> candidates, List<FileCursor> prev, List<FileCursor> kept,
                            boolean firstRun, List<FileCursor> orphans) {
        List<Plan> plans = new ArrayList<>();
        List<FileCursor> claimed = new ArrayList<>(kept);
        List<Candidate> pending = new ArrayList<>();
        List<Candidate> compressed = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Candidate c : candidates) {
            keys.add(c.key);
        }

        Map<Candidate, FileCursor> mismatched = new HashMap<>();
        Map<Candidate, FileCursor> weak = new HashMap<>();
        for (Candidate c : candidates) {
            if (c.compressed) {
                compressed.add(c);
                continue;
            }
            FileCursor cur = byIdentity(c, prev, claimed);
            if (cur == null) {
                pending.add(c);
                continue;
            }
            claimed.add(cur);
            if (cur.offset() == 0) {
                // nothing was read: no evidence either way (an empty head matches anything, and an inode may
                // have been reused by a copy that continues another cursor), so content decides first
                weak.put(c, cur);
                pending.add(c);
            } else if (headMatches(c.head, cur) && c.size >= cur.offset()) {
                String mode = cur.sourceKey().equals(c.key) ? FileRead.RESUMED : FileRead.ROTATED;
                plans.add(new Plan(c, Action.READ_PLAIN, mode, cur.offset(), 0, cur, cur.lines()));
            } else {
                // truncated, or another file under this identity (reused inode, or the path of a rotated file
                // where inodes are unknown): its cursor may belong to another file now
                mismatched.put(c, cur);
                orphans.add(cur);
                pending.add(c);
            }
        }
        for (FileCursor p : prev) {
            if (!p.compressed() && !containsSame(claimed, p)) {
                orphans.add(p);
            }
        }

        pending.sort(Comparator.comparing(c -> c.key));
        for (Candidate c : pending) {
            FileCursor o = bestOrphan(orphans, c.key, c.head, c.size);
            if (o != null) {
                orphans.remove(o);
                plans.add(new Plan(c, Action.READ_PLAIN, FileRead.CONTINUED, o.offset(), 0, null, o.lines()));
            } else if (weak.containsKey(c)) {
                plans.add(new Plan(c, Action.READ_PLAIN, FileRead.RESUMED, 0, 0, weak.get(c)));
            } else if (mismatched.containsKey(c)) {
                plans.add(new Plan(c, Action.READ_PLAIN, FileRead.TRUNCATED, 0, 0, mismatched.get(c)));
            } else if (firstRun) {
                plans.add(new Plan(c, Action.READ_PLAIN, FileRead.TAIL, -1, 0, null));
            } else {
                plans.add(new Plan(c, Action.READ_PLAIN, FileRead.NEW, 0, 0, null));
            }
        }

        for (Candidate c : compressed) {
            FileCursor done = alreadyRead(c, prev);
            if (done != null) {
                plans.add(new Plan(c, Action.MARK_READ, FileRead.ALREADY_READ, 0, done.offset(), done));
            } else if (firstRun && !options.readCompressedOnFirstRun()) {
                plans.add(new Plan(c, Action.MARK_READ, FileRead.HISTORY, 0, 0, null));
            } else if (keys.contains(c.key.substring(0, c.key.length() - ".gz".length()))) {
                plans.add(new Plan(c, Action.DEFER, FileRead.DEFERRED, 0, 0, null));
            } else {
                plans.add(new Plan(c, Action.READ_GZ, FileRead.COMPRESSED, 0, 0, null));
            }
        }
        return plans;
    }

    private static boolean containsSame(List<FileCursor> list, FileCursor c) {
        for (FileCursor x : list) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    /** The plain-file cursor of this file: by device + inode, or by path where identity is not known. */
    private static FileCursor byIdentity(Candidate c, List<FileCursor> prev, List<FileCursor> claimed) {
        if (c.hasIdentity()) {
            for (FileCursor p : prev) {
                if (!p.compressed() && p.sameIdentity(c.dev, c.ino) && !containsSame(claimed, p)) {
                    return p;
                }
            }
        }
        for (FileCursor p : prev) {
            if (!p.compressed() && p.sourceKey().equals(c.key) && (!p.hasIdentity() || !c.hasIdentity())
                    && !containsSame(claimed, p)) {
                return p;
            }
        }
        return null;
    }

    /** A compressed file already read: same size and compressed head; the same inode is preferred. */
    private static FileCursor alreadyRead(Candidate c, List<FileCursor> prev) {
        FileCursor found = null;
        for (FileCursor p : prev) {
            if (p.compressed() && p.fileSize() == c.size && headMatches(c.head, p)) {
                if (p.sameIdentity(c.dev, c.ino)) {
                    return p;
                }
                if (found == null) {
                    found = p;
                }
            }
        }
        return found;
    }

    /**
     * The orphan cursor whose content this file continues: same head over the cursor's head length and at
     * least its offset long. Among several, one whose name this file's name extends ({@code app.log} for
     * {@code app.log.1}, {@code app.log.1} for {@code app.log.1.gz}) wins, then the largest offset.
     */
    private static FileCursor bestOrphan(List<FileCursor> orphans, String key, byte[] head, long size) {
        FileCursor best = null;
        for (FileCursor o : orphans) {
            if (o.offset() == 0 || o.offset() > size || o.headSha256() == null || !headMatches(head, o)) {
                continue;
            }
            if (best == null || better(key, o, best)) {
                best = o;
            }
        }
        return best;
    }

    private static boolean better(String key, FileCursor a, FileCursor b) {
        boolean ra = key.startsWith(a.sourceKey());
        boolean rb = key.startsWith(b.sourceKey());
        if (ra != rb) {
            return ra;
        }
        return a.offset() > b.offset();
    }

    private static boolean headMatches(byte[] head, FileCursor cursor) {
        int n = cursor.headLength();
        return cursor.headSha256() != null && head.length >= n
                && sha256(head, n).equalsIgnoreCase(cursor.headSha256());
    }

    // ================================================================ reading

    private static final class Totals {
        long budget;
        long bytes;
        long lines;
        boolean exhausted;

        Totals(long budget) {
            this.budget = budget;
        }

        void add(long read, long lineCount) {
            budget -= read;
            bytes += read;
            lines += lineCount;
        }
    }

    private void execute(Plan p, LineSink sink, Totals totals, List<FileCursor> orphans, List<FileRead> files,
                         List<FileCursor> cursors, List<ReadWarning> warnings) {
        Candidate c = p.c;
        switch (p.action) {
            case MARK_READ -> {
                cursors.add(c.cursor(p.doneOffset, p.previous == null ? null : p.previous.lines()));
                files.add(new FileRead(c.key, p.mode, 0, p.doneOffset, 0, 0, 0));
            }
            case DEFER -> files.add(new FileRead(c.key, p.mode, 0, 0, 0, 0, c.size));
            case READ_PLAIN -> readPlain(p, sink, totals, files, cursors, warnings);
            case READ_GZ -> readGz(p, sink, totals, orphans, files, cursors, warnings);
            default -> throw new IllegalStateException(p.action.name());
        }
    }

    /** What an out-of-scope file keeps: the cursor it would have been read from, none when it would start afresh. */
    private static void keepOutOfScope(Plan p, List<FileCursor> cursors) {
        if (p.action == Action.READ_PLAIN && p.start >= 0 && (FileRead.RESUMED.equals(p.mode)
                || FileRead.ROTATED.equals(p.mode) || FileRead.CONTINUED.equals(p.mode))) {
            cursors.add(p.c.cursor(p.start, p.linesBefore));
        }
    }

    private void readPlain(Plan p, LineSink sink, Totals totals, List<FileRead> files, List<FileCursor> cursors,
                           List<ReadWarning> warnings) {
        Candidate c = p.c;
        long start = p.start;
        if (start < 0) {
            try {
                start = tailStart(c.path, c.size, options.firstRunTailBytes());
            } catch (IOException e) {
                warnings.add(new ReadWarning(c.key, reason(e)));
                return;
            }
        }
        Long before = start == 0 ? Long.valueOf(0) : p.linesBefore;
        if (before == null && start <= LINE_COUNT_LIMIT) {
            try {
                before = countLines(c.path, start);
            } catch (IOException e) {
                before = null; // the lines go unnumbered; the read itself reports the problem if it persists
            }
        }
        long available = c.size - start;
        if (available > 0 && totals.budget <= 0) {
            totals.exhausted = true;
            cursors.add(c.cursor(start, before));
            files.add(new FileRead(c.key, FileRead.DEFERRED, start, start, 0, 0, available));
            return;
        }
        long window = Math.min(available, Math.min(options.maxBytesPerFile(), Math.max(0, totals.budget)));
        LineSplitter splitter = new LineSplitter(c.key, sink, options.maxLineBytes());
        try {
            if (window > 0) {
                if (!sameFileStill(c)) {
                    warnings.add(new ReadWarning(c.key, "replaced while being read; left for the next run"));
                    if (p.previous != null) {
                        cursors.add(p.previous);
                    }
                    files.add(new FileRead(c.key, FileRead.DEFERRED, start, start, 0, 0, available));
                    return;
                }
                readRange(c.path, start, window, splitter);
            }
        } catch (IOException e) {
            warnings.add(new ReadWarning(c.key, reason(e)));
        }
        long end = start + splitter.finish(false);
        long backlog = start + window < c.size ? c.size - (start + window) : 0;
        if (backlog > 0 && window < Math.min(available, options.maxBytesPerFile())) {
            totals.exhausted = true;
        }
        totals.add(window, splitter.lines());
        cursors.add(c.cursor(end, before == null ? null : before + splitter.lines()));
        files.add(new FileRead(c.key, p.mode, start, end, splitter.lines(), splitter.cutLines(), backlog,
                before == null ? null : before + 1));
    }

    /** Whether the path still names the file that was scanned (a rename between scan and read is left alone). */
    private boolean sameFileStill(Candidate c) throws IOException {
        if (!c.hasIdentity()) {
            return true;
        }
        Object ino = Files.getAttribute(c.path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        return c.ino.equals(((Number) ino).longValue());
    }

    /** How many newlines the first {@code length} bytes of a file hold. */
    private static long countLines(Path path, long length) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(IO_BUFFER);
            long pos = 0;
            while (pos < length) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), length - pos));
                int r = ch.read(buf, pos);
                if (r <= 0) {
                    break;
                }
                n += newlines(buf.array(), 0, r);
                pos += r;
            }
        }
        return n;
    }

    private static long newlines(byte[] data, int from, int to) {
        long n = 0;
        int i = from;
        while (i < to) {
            int nl = LineSplitter.indexOfNewline(data, i, to);
            if (nl < 0) {
                break;
            }
            n++;
            i = nl + 1;
        }
        return n;
    }

    /** Where the last {@code tailBytes} of a file begin, moved forward to the start of a line. */
    private static long tailStart(Path path, long size, long tailBytes) throws IOException {
        long start = Math.max(0, size - tailBytes);
        if (start == 0) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(IO_BUFFER);
            long pos = start - 1; // a newline just before the tail means it starts on a line
            while (pos < size) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        return pos + i + 1;
                    }
                }
                pos += n;
            }
            return size;
        }
    }

    private static void readRange(Path path, long start, long length, LineSplitter splitter) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(IO_BUFFER, Math.max(1, length)));
            long pos = start;
            long remaining = length;
            while (remaining > 0) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), remaining));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break; // shrank meanwhile
                }
                splitter.feed(buf.array(), 0, n);
                pos += n;
                remaining -= n;
            }
        }
    }

    private void readGz(Plan p, LineSink sink, Totals totals, List<FileCursor> orphans, List<FileRead> files,
                        List<FileCursor> cursors, List<ReadWarning> warnings) {
        Candidate c = p.c;
        if (totals.budget <= 0) {
            totals.exhausted = true;
            files.add(new FileRead(c.key, FileRead.DEFERRED, 0, 0, 0, 0, c.size));
            return;
        }
        InputStream raw;
        try {
            raw = Files.newInputStream(c.path);
        } catch (IOException e) {
            warnings.add(new ReadWarning(c.key, reason(e)));
            return;
        }
        LineSplitter splitter = new LineSplitter(c.key, sink, options.maxLineBytes());
        long skip = 0;
        long consumed = 0; // decompressed bytes, skipped ones included
        long fed = 0;
        long skippedLines = 0;
        try (raw; GZIPInputStream gz = new GZIPInputStream(new BufferedInputStream(raw, IO_BUFFER), IO_BUFFER)) {
            byte[] head = gz.readNBytes(FileCursor.HEAD_BYTES);
            FileCursor o = bestOrphan(orphans, c.key, head, Long.MAX_VALUE);
            if (o != null) {
                orphans.remove(o);
                skip = o.offset();
            }
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(head), gz);
            long cap = options.maxDecompressedBytes();
            byte[] buf = new byte[IO_BUFFER];
            while (consumed < cap) {
                int want = (int) Math.min(buf.length, cap - consumed);
                int n = all.read(buf, 0, want);
                if (n < 0) {
                    break;
                }
                int from = 0;
                if (consumed < skip) {
                    from = (int) Math.min(n, skip - consumed);
                    skippedLines += newlines(buf, 0, from);
                }
                consumed += n;
                if (n > from) {
                    splitter.feed(buf, from, n - from);
                    fed += n - from;
                }
            }
            if (consumed >= cap && all.read() >= 0) {
                warnings.add(new ReadWarning(c.key,
                        "decompresses to more than " + cap + " bytes; the rest is skipped"));
            }
        } catch (ZipException e) {
            warnings.add(new ReadWarning(c.key, "not a valid gzip file; read up to the damage"));
        } catch (EOFException e) {
            warnings.add(new ReadWarning(c.key, "truncated gzip file; read up to the damage"));
        } catch (IOException e) {
            warnings.add(new ReadWarning(c.key, reason(e) + "; read up to the damage"));
        }
        splitter.finish(true);
        totals.add(fed, splitter.lines());
        cursors.add(c.cursor(consumed, skippedLines + splitter.lines()));
        files.add(new FileRead(c.key, skip > 0 ? FileRead.CONTINUED : FileRead.COMPRESSED, Math.min(skip, consumed),
                consumed, splitter.lines(), splitter.cutLines(), 0, skippedLines + 1));
    }

    // ================================================================ reasons, hashes

    /** A few words for a warning: no stack trace, no path (the source key says which file). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "disappeared while being read";
        }
        if (e instanceof FileSystemLoopException) {
            return "file system loop";
        }
        if (e instanceof ZipException) {
            return "not a valid gzip file";
        }
        if (e instanceof EOFException) {
            return "truncated file";
        }
        return "read error (" + e.getClass().getSimpleName() + ")";
    }

    static String sha256(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, 0, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
