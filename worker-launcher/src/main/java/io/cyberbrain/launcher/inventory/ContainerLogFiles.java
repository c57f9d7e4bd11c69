package io.cyberbrain.launcher.inventory;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Container logs as the Engine API streams them, written as plain log files. */
final class ContainerLogFiles {

    /** Bounds one container's log file: a chatty container must not fill the disk for one triage. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

    private ContainerLogFiles() {
    }

    /** The container's name as a file name: no slashes, no dots in front, nothing a path could escape with. */
    static String safeName(Map<String, Object> inspect, String id) {
        String raw = inspect.get("Name") instanceof String n && !n.isBlank() ? n : id;
        String safe = raw.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "container" : safe.length() > 100 ? safe.substring(0, 100) : safe;
    }

    /**
     * Copies the body into {@code file}. Without a TTY the engine multiplexes stdout and stderr in frames (an
     * 8-byte header: stream, three zero bytes, a big-endian payload length); with a TTY the body is the raw text.
     */
    static void write(InputStream body, boolean tty, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (tty) {
                copy(body, out, MAX_BYTES);
                return;
            }
            DataInputStream in = new DataInputStream(body);
            byte[] header = new byte[8];
            long written = 0;
            while (written < MAX_BYTES) {
                try {
                    in.readFully(header);
                } catch (EOFException end) {
                    return;
                }
                int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
                byte[] payload = in.readNBytes(size);
                out.write(payload);
                written += payload.length;
                if (payload.length < size) {
                    return;
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
    }
}
