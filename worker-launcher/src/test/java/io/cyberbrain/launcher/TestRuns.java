package io.cyberbrain.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Inserts runs and jobs directly, as the launch path would have committed them. */
public final class TestRuns {

    private TestRuns() {
    }

    /** A pending run with {@code jobs} pending jobs of task gpu_report (one run per job, as the unique key needs). */
    public static List<Long> pendingJobs(DataSource ds, int jobs) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < jobs; i++) {
                long run;
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into run (status, run_trigger, directive_snapshot, created_at)
                        values ('pending', 'api', '{"name": "test", "version": 1}'::jsonb, now()) returning id""");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    run = rs.getLong(1);
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into run_job (run_id, job_id, task_key, status, created_at)
                        values (?, (select id from job where task_key = 'gpu_report'), 'gpu_report', 'pending', now()) returning id""")) {
                    ps.setLong(1, run);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    /** A worker host as its launcher would have registered it, heart-beating now. */
    public static void host(DataSource ds, String name, String labelsJson, String state) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into worker_host (name, state, labels, configured_labels, executor, cpu_count, max_concurrent_jobs,
                                         registered_at, last_heartbeat_at, created_at, updated_at)
                values (?, ?, ?::jsonb, ?::jsonb, 'process', 2, 2, now(), now(), now(), now())""")) {
            ps.setString(1, name);
            ps.setString(2, state);
            ps.setString(3, labelsJson);
            ps.setString(4, labelsJson);
            ps.executeUpdate();
        }
    }

    /** Ids as a PostgreSQL array literal, {@code {1,2,3}}. */
    public static String array(List<Long> ids) {
        return "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
    }

    public static String status(DataSource ds, long jobId) throws SQLException {
        return string(ds, "select status from run_job where id = " + jobId);
    }

    public static String string(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first column of every row of {@code sql}, as text. */
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
}
