package io.cyberbrain.worker.task.triage.read;

import java.util.List;

/**
 * The outcome of one read.
 *
 * @param cursors        the cursors to store if, and only if, the run succeeds (the caller decides); one per
 *                       file present, none for files that disappeared
 * @param files          what was done with each file, in reading order
 * @param warnings       files skipped or cut short, and why
 * @param bytesRead      bytes consumed (decompressed bytes for compressed files)
 * @param linesRead      lines handed to the sink
 * @param budgetExhausted true when the per-run limit left files (or parts of them) for a later run
 */
public record ReadResult(List<FileCursor> cursors, List<FileRead> files, List<ReadWarning> warnings, long bytesRead,
                         long linesRead, boolean budgetExhausted) {
}
