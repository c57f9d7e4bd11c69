package io.cyberbrain.ingester.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import javax.sql.DataSource;

/** Uploads queued the way the API queues them (a stored file, a {@code queued} row, NOTIFY), and reads of their rows. */
final class QueuedUploads {

    private final DataSource ds;
    private final Path uploads;

    QueuedUploads(DataSource ds, Path uploads) {
        this.ds = ds;
        this.uploads = uploads;
    }

    long queue(String name, String mime, byte[] content) throws Exception {
        String stored = UUID.randomUUID() + ".bin";
        Files.createDirectories(uploads);
        Files.write(uploads.resolve(stored), content);
        return insertAndNotify(name, mime, stored);
    }

    long queue(String name, String mime, Path content) throws Exception {
        String stored = UUID.randomUUID() + ".bin";
        Files.createDirectories(uploads);
        Files.copy(content, uploads.resolve(stored));
        return insertAndNotify(name, mime, stored);
    }

    private long insertAndNotify(String name, String mime, String stored) throws Exception {
        long id;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into upload_file (original_name, stored_name, sha256, size_bytes, mime_type, status, created_at, updated_at)"
                        + " values (?, ?, ?, 0, ?, 'queued', now(), now()) returning id")) {
            ps.setString(1, name);
            ps.setString(2, stored);
            ps.setString(3, UUID.randomUUID().toString().replace("-", "") + "00000000000000000000000000000000");
            ps.setString(4, mime);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select pg_notify('cyberbrain_uploads', ?)")) {
            ps.setString(1, Long.toString(id));
            ps.execute();
        }
        return id;
    }

    String status(long id) throws Exception {
        return query("select status from upload_file where id = " + id);
    }

    String reason(long id) throws Exception {
        return query("select error_summary from upload_file where id = " + id);
    }

    String query(String sql) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
