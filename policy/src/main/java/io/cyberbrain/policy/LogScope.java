package io.cyberbrain.policy;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What one log triage run reads: file globs relative to the logs folder and container names or ids. A run without
 * a scope reads everything (every file the {@code logs.*} globs take, every enabled allowlisted container); a run
 * with one reads only what it names: naming only files reads no container, and the other way round.
 *
 * <p>The launch path keeps it in the triage job's config under {@value #CONFIG_KEY}, so it reaches the launcher
 * (which collects only the named containers) and the worker (which reads only the named files) in job.json.
 *
 * @param files      globs relative to the logs folder, {@code /} separated ({@code app.log}, {@code nginx/*.log},
 *                   {@code **}{@code /*.err}); a name ending in {@code /} means everything below that folder
 * @param containers allowlisted container names or ids
 */
public record LogScope(List<String> files, List<String> containers) {

    public static final String CONFIG_KEY = "log_scope";
    public static final int MAX_ENTRIES = 50;
    public static final int MAX_LENGTH = 500;

    public LogScope {
        files = files == null ? List.of() : List.copyOf(files);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /**
     * Checks and normalises what a caller sent: globs must stay inside {@code logsRoot} (no {@code ..} segment; an
     * absolute path is accepted only inside the logs folder and made relative), compile as globs, and be at most
     * {@value #MAX_ENTRIES} of at most {@value #MAX_LENGTH} characters; the scope must name something.
     *
     * @param logsRoot the logs folder as this service sees it (absolute paths are compared with it), or null to
     *                 refuse every absolute path
     * @param errors   receives the field and the message of each refused value (under {@code field})
     * @return the normalised scope, or null when there were errors
     */
    public static LogScope validate(List<String> files, List<String> containers, Path logsRoot, String field,
                                    BiConsumer<String, String> errors) {
        int[] count = {0};
        BiConsumer<String, String> refuse = (f, message) -> {
            count[0]++;
            errors.accept(f, message);
        };
        List<String> f = new ArrayList<>();
        List<String> c = new ArrayList<>();
        List<String> rawFiles = files == null ? List.of() : files;
        List<String> rawContainers = containers == null ? List.of() : containers;
        if (rawFiles.isEmpty() && rawContainers.isEmpty()) {
            refuse.accept(field, "name at least one file glob or container, or leave the scope out to read everything");
        }
        if (rawFiles.size() > MAX_ENTRIES || rawContainers.size() > MAX_ENTRIES) {
            refuse.accept(field, "at most " + MAX_ENTRIES + " files and " + MAX_ENTRIES + " containers");
        }
        for (String raw : rawFiles) {
            String g = normaliseGlob(raw, logsRoot, field + ".files", refuse);
            if (g != null && !f.contains(g)) {
                f.add(g);
            }
        }
        for (String raw : rawContainers) {
            if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH || raw.chars().anyMatch(Character::isISOControl)) {
                refuse.accept(field + ".containers", "a container is a non-blank name or id of at most "
                        + MAX_LENGTH + " characters");
            } else if (!c.contains(raw.strip())) {
                c.add(raw.strip());
            }
        }
        return count[0] > 0 ? null : new LogScope(f, c);
    }

    private static String normaliseGlob(String raw, Path logsRoot, String field, BiConsumer<String, String> refuse) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH || raw.chars().anyMatch(Character::isISOControl)) {
            refuse.accept(field, "a file glob is a non-blank text of at most " + MAX_LENGTH + " characters");
            return null;
        }
        String g = raw.strip().replace('\\', '/');
        if (g.startsWith("/")) {
            String relative = insideRoot(g, logsRoot);
            if (relative == null) {
                refuse.accept(field, "'" + raw + "' is outside the logs folder: give paths relative to it");
                return null;
            }
            g = relative;
        }
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        for (String segment : g.split("/")) {
            if (segment.equals("..")) {
                refuse.accept(field, "'" + raw + "' leaves the logs folder (..)");
                return null;
            }
        }
        if (g.endsWith("/")) {
            g = g + "**";
        }
        if (g.isEmpty() || g.equals(".")) {
            g = "**";
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + g);
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            refuse.accept(field, "'" + raw + "' is not a valid glob");
            return null;
        }
        return g;
    }

    /** The part of an absolute glob below the logs folder, or null when it is not below it. */
    private static String insideRoot(String absolute, Path logsRoot) {
        if (logsRoot == null) {
            return null;
        }
        String root;
        try {
            root = logsRoot.toAbsolutePath().normalize().toString().replace('\\', '/');
        } catch (InvalidPathException e) {
            return null;
        }
        if (!root.endsWith("/")) {
            root = root + "/";
        }
        return absolute.startsWith(root) ? absolute.substring(root.length()) : null;
    }

    /** The scope as the job's config carries it. */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("containers", containers);
        return m;
    }

    /**
     * The scope in a job's config, or null (everything) when there is none.
     *
     * @throws IllegalArgumentException when the value is not a scope
     */
    public static LogScope fromConfig(Map<String, Object> config) {
        Object v = config == null ? null : config.get(CONFIG_KEY);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(CONFIG_KEY + " must be an object with files and containers");
        }
        return new LogScope(strings(m.get("files")), strings(m.get("containers")));
    }

    private static List<String> strings(Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(CONFIG_KEY + " lists must be lists of strings");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(CONFIG_KEY + " lists must be lists of strings");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }
}
