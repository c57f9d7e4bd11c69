package io.cyberbrain.launcher.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/** Runs that already ended and notification targets, inserted as the launcher and the API would have. */
final class NotifyFixtures {

    static final String NAME_PREFIX = "notify-test-";
    static final String REPORT_TEXT = "REPORT-TEXT-THAT-MUST-NOT-LEAVE";
    static final String LLM_TEXT = "LLM-SAID-SOMETHING-PRIVATE";
    static final List<String> TASKS = List.of("log_triage", "gpu_report", "service_map");

    private NotifyFixtures() {
    }

    /** A run ended with {@code status} 2m5s after it started, with one job per given job status, and report text. */
    static long endedRun(DataSource ds, String status, long totalTokens, String... jobStatuses) throws SQLException {
        try (Connection c = ds.getConnection()) {
            long run;
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into run (status, run_trigger, directive_snapshot, created_at, started_at, ended_at, input_tokens,
                                     output_tokens, total_tokens, report_markdown, error_summary)
                    values (?, 'api', '{"name": "test", "version": 1}'::jsonb, now() - interval '3 minutes',
                            now() - interval '3 minutes', now() - interval '3 minutes' + interval '125 seconds', ?, 0, ?, ?, ?)
                    returning id""")) {
                ps.setString(1, status);
                ps.setLong(2, totalTokens);
                ps.setLong(3, totalTokens);
                ps.setString(4, "# Report\n" + REPORT_TEXT);
                ps.setString(5, "gpu_report: " + LLM_TEXT);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    run = rs.getLong(1);
                }
            }
            for (int i = 0; i < jobStatuses.length; i++) {
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into run_job (run_id, job_id, task_key, status, created_at, report_markdown, error_summary)
                        values (?, (select id from job where task_key = ?), ?, ?, now(), ?, ?)""")) {
                    ps.setLong(1, run);
                    ps.setString(2, TASKS.get(i));
                    ps.setString(3, TASKS.get(i));
                    ps.setString(4, jobStatuses[i]);
                    ps.setString(5, REPORT_TEXT);
                    ps.setString(6, LLM_TEXT);
                    ps.executeUpdate();
                }
            }
            return run;
        }
    }

    static long target(DataSource ds, String name, String kind, boolean enabled, String configJson, String... events)
            throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into notification_target (name, kind, enabled, config, events, created_at, updated_at)
                     values (?, ?, ?, ?::jsonb, ?, now(), now()) returning id""")) {
            ps.setString(1, NAME_PREFIX + name);
            ps.setString(2, kind);
            ps.setBoolean(3, enabled);
            ps.setString(4, configJson);
            ps.setArray(5, c.createArrayOf("text", events));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static String webhookConfig(String url) {
        return "{\"webhook_url\": \"" + url + "\"}";
    }

    static String emailConfig(int port, String to) {
        return """
                {"smtp_host": "127.0.0.1", "smtp_port": %d, "smtp_security": "none", "smtp_username": "alerts",
                 "smtp_password": "mail-secret-1", "from": "cyberbrain@example.org", "to": ["%s"]}""".formatted(port, to);
    }
}
