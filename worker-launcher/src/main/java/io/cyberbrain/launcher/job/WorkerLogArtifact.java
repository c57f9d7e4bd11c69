package io.cyberbrain.launcher.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import io.cyberbrain.launcher.execution.WorkerOutput;
import io.cyberbrain.redaction.Redactor;

/**
 * The worker's own log (what its process or container wrote to stdout and stderr, not the logs it reads), kept
 * with the job's artifacts as {@value #FILE}: cut to its tail from a line start, passed through the redactor,
 * and saying what was cut, so it can be listed and downloaded wherever the run's artifacts are.
 */
final class WorkerLogArtifact {

    static final String FILE = "worker.log";
    static final String TYPE = "worker_log";
    static final String MIME = "text/plain";

    private WorkerLogArtifact() {
    }

    /** Writes the log into the job folder and returns its artifact row (path relative to the logs root). */
    static LauncherStore.ArtifactRow write(Path jobDir, Path logsRoot, WorkerOutput output) throws IOException {
        byte[] bytes = text(output).getBytes(StandardCharsets.UTF_8);
        Path file = jobDir.resolve(FILE);
        // The job folder is the worker's to write: whatever it left under this name (a link elsewhere) goes first.
        Files.deleteIfExists(file);
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Path root = logsRoot.toAbsolutePath().normalize();
        return new LauncherStore.ArtifactRow(root.relativize(file.toAbsolutePath().normalize()).toString(), TYPE, bytes.length,
                MIME, Hashes.sha256(bytes));
    }

    /** The log as stored: a line saying what is missing when anything is, then the redacted tail. */
    static String text(WorkerOutput output) {
        byte[] tail = output.tail();
        StringBuilder notes = new StringBuilder();
        if (output.cut()) {
            // A partial first line is dropped: a secret cut in two would no longer be recognised by the redactor.
            int newline = indexOf(tail, (byte) '\n');
            if (newline >= 0) {
                tail = Arrays.copyOfRange(tail, newline + 1, tail.length);
            }
            notes.append("[cut: the worker wrote ").append(output.totalBytes()).append(" bytes; only the last ")
                    .append(tail.length).append(" are kept, from a line start]\n");
        }
        if (output.incomplete() != null) {
            notes.append("[incomplete: ").append(output.incomplete()).append("]\n");
        }
        return notes + Redactor.standard().redact(new String(tail, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
