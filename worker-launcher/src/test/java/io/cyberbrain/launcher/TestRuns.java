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

    public static String status(DataSource ds, long jobId) throws SQLException {
        return string(ds, "select status from run_job where id = " + jobId);
    }

    public static String string(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute(sql);
        }
    }
}
