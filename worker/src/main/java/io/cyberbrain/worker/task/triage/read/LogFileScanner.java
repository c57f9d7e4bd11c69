package io.cyberbrain.worker.task.triage.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the files a read considers under the log root: the {@code logs.include} globs less {@code logs.exclude} (and
 * the launcher's {@code runs/} folder), symbolic links followed only inside the root and to files not excluded (a file
 * reached directly and through a link is taken once, under its own name), each with its identity (device and inode
 * where the file system has them), size, time and first bytes. What cannot be read becomes a warning.
 */
final class LogFileScanner {

    private final ReadOptions options;
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;
    private final List<PathMatcher> excludeDirs;

    LogFileScanner(ReadOptions options) {
        this.options = options;
        this.include = matchers(options.include());
        this.exclude = matchers(options.exclude());
        List<String> dirGlobs = new ArrayList<>();
        for (String g : options.exclude()) {
            if (g.endsWith("/**") && g.length() > 3) {
                dirGlobs.add(g.substring(0, g.length() - 3));
            }
        }
        this.excludeDirs = matchers(dirGlobs);
    }

    List<Candidate> scan(Path realRoot, List<ReadWarning> warnings) throws IOException {
        Map<Path, String> direct = new LinkedHashMap<>();
        List<Path> links = new ArrayList<>();
        Files.walkFileTree(realRoot, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(realRoot) && excludedDir(realRoot.relativize(dir))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        Path rel = realRoot.relativize(file);
                        if (!wanted(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (attrs.isSymbolicLink()) {
                            links.add(file);
                        } else if (attrs.isRegularFile()) {
                            direct.put(file, key(rel));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                        if (file.equals(realRoot)) {
                            throw exc;
                        }
                        warnings.add(new ReadWarning(key(realRoot.relativize(file)), LogWindowReader.reason(exc)));
                        return FileVisitResult.CONTINUE;
                    }
                });

        Map<Path, String> files = new LinkedHashMap<>(direct);
        for (Path link : links) {
            String key = key(realRoot.relativize(link));
            Path target;
            try {
                target = link.toRealPath();
            } catch (IOException e) {
                warnings.add(new ReadWarning(key, "symbolic link leads nowhere"));
                continue;
            }
            if (!target.startsWith(realRoot)) {
                warnings.add(new ReadWarning(key, "symbolic link leads outside the log root, not followed"));
                continue;
            }
            if (!Files.isRegularFile(target)) {
                continue;
            }
            if (excluded(realRoot.relativize(target))) {
                warnings.add(new ReadWarning(key, "symbolic link leads to an excluded file, not followed"));
                continue;
            }
            files.putIfAbsent(target, key); // a file also reached directly is read once, under its own name
        }

        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<Path, String> f : files.entrySet()) {
            try {
                out.add(stat(f.getKey(), f.getValue()));
            } catch (IOException e) {
                warnings.add(new ReadWarning(f.getValue(), LogWindowReader.reason(e)));
            }
        }
        return out;
    }

    /** Device, inode, size and time, or null on a file system without the unix view (the path is the identity then). */
    private static Map<String, Object> unixAttributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return null;
        }
    }

    private Candidate stat(Path path, String key) throws IOException {
        Long dev = null;
        Long ino = null;
        long size;
        long mtime;
        Map<String, Object> unix = options.useFileIdentity() ? unixAttributes(path) : null;
        if (unix != null) {
            dev = ((Number) unix.get("dev")).longValue();
            ino = ((Number) unix.get("ino")).longValue();
            size = ((Number) unix.get("size")).longValue();
            mtime = toNanos((FileTime) unix.get("lastModifiedTime"));
        } else {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            size = a.size();
            mtime = toNanos(a.lastModifiedTime());
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes((int) Math.min(size, FileCursor.HEAD_BYTES));
        }
        if (head.length < Math.min(size, FileCursor.HEAD_BYTES)) {
            size = head.length; // it shrank meanwhile
        }
        return new Candidate(key, path, dev, ino, size, mtime, head);
    }

    private static long toNanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private boolean wanted(Path rel) {
        return matches(include, rel) && !excluded(rel);
    }

    private boolean excluded(Path rel) {
        return rel.getNameCount() > 0 && rel.getName(0).toString().equals(ReadOptions.ALWAYS_EXCLUDED_DIR)
                && rel.getNameCount() > 1
                || matches(exclude, rel);
    }

    private boolean excludedDir(Path rel) {
        return rel.getNameCount() == 1 && rel.getName(0).toString().equals(ReadOptions.ALWAYS_EXCLUDED_DIR)
                || matches(excludeDirs, rel);
    }

    static boolean matches(List<PathMatcher> matchers, Path rel) {
        for (PathMatcher m : matchers) {
            if (m.matches(rel)) {
                return true;
            }
        }
        return false;
    }

    /** Java globs need a folder for {@code **}{@code /}; such a glob also matches at the root here. */
    static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            String rest = g;
            while (rest.startsWith("**/")) {
                rest = rest.substring(3);
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + rest));
            }
        }
        return out;
    }

    private static String key(Path rel) {
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
