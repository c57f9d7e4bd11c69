package io.cyberbrain.worker.task.triage.read;

/**
 * What was done with one file in a run.
 *
 * @param mode         see the constants
 * @param startOffset  where reading started (decompressed bytes for a compressed file)
 * @param endOffset    where it stopped: the new cursor's offset
 * @param lines        lines handed to the sink
 * @param cutLines     of those, lines longer than the cap that were cut
 * @param backlogBytes bytes left for a later run because of the per-file or per-run limits
 * @param firstLine    the file's line number (from 1) of the first line read, null when it is not known (a resumed
 *                     file whose cursor has no line count and that is too long to count again)
 */
public record FileRead(String sourceKey, String mode, long startOffset, long endOffset, long lines, long cutLines,
                       long backlogBytes, Long firstLine) {

    public FileRead(String sourceKey, String mode, long startOffset, long endOffset, long lines, long cutLines,
                    long backlogBytes) {
        this(sourceKey, mode, startOffset, endOffset, lines, cutLines, backlogBytes, null);
    }

    /** The file's line number of the last line read, null when unknown or nothing was read. */
    public Long lastLine() {
        return firstLine == null || lines == 0 ? null : firstLine + lines - 1;
    }

    /** Whether lines were handed over from this file in this run. */
    public boolean read() {
        return lines > 0 || endOffset > startOffset;
    }

    /** Same file as last time (same identity and head), read from its cursor. */
    public static final String RESUMED = "resumed";
    /** A file found under a new name by its identity (rotation by rename), read from its old cursor. */
    public static final String ROTATED = "rotated";
    /** A new file whose content starts as a file read before (copytruncate copy), read from that cursor. */
    public static final String CONTINUED = "continued";
    /** Same identity but shorter than the cursor or another head (copytruncate, reuse): read from 0. */
    public static final String TRUNCATED = "truncated";
    /** A file without cursor after a previous success: read from 0. */
    public static final String NEW = "new";
    /** A file without cursor on a first run: only its tail is read. */
    public static final String TAIL = "tail";
    /** A compressed file read in full now. */
    public static final String COMPRESSED = "compressed";
    /** A compressed file already read (found by identity or content): not read again. */
    public static final String ALREADY_READ = "already_read";
    /** A compressed file present on a first run: history before triage began, marked read, not read. */
    public static final String HISTORY = "history";
    /** Not read in this run (budget spent, or a compression in progress): a later run will read it. */
    public static final String DEFERRED = "deferred";
    /** A whole file read without cursor (container logs). */
    public static final String WHOLE = "whole";
}
