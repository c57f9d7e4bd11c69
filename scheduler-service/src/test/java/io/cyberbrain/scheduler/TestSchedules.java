package io.cyberbrain.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

/** Schedules and their outcomes, read and written with plain SQL as the tests' independent view. */
public final class TestSchedules {

    private TestSchedules() {
    }

    /** An enabled interval schedule of the GPU report (its directive needs no approval) due at {@code due}. */
    public static long intervalSchedule(DataSource ds, int minutes, Instant due, Integer maxGlobal, Integer maxPerJob)
            throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into schedule (name, job_id, schedule_type, interval_minutes, timezone, enabled, next_run_at,
                                      anchor_at, max_global, max_per_job, created_at, updated_at)
                values (?, (select id from job where task_key = 'gpu_report'), 'interval', ?, 'UTC', true, ?, ?, ?, ?, now(), now())
                returning id""")) {
            ps.setString(1, "test-" + UUID.randomUUID());
            ps.setInt(2, minutes);
            ps.setTimestamp(3, Timestamp.from(due));
            ps.setTimestamp(4, Timestamp.from(due));
            ps.setObject(5, maxGlobal);
            ps.setObject(6, maxPerJob);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static List<String> fireStatuses(DataSource ds, long scheduleId) throws SQLException {
        return strings(ds, "select status from scheduled_run where schedule_id = " + scheduleId + " order by id");
    }

    public static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static Instant instant(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? null : t.toInstant();
        }
    }

    public static List<String> strings(DataSource ds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    /** Ends every active run, so that tests of concurrency limits start from an idle system. */
    public static void endActiveRuns(DataSource ds) throws SQLException {
        execute(ds, "update run_job set status = 'cancelled', ended_at = now() where status in ('pending', 'running')");
        execute(ds, "update run set status = 'cancelled', ended_at = now() where status in ('pending', 'running')");
    }
}
