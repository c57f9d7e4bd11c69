package io.cyberbrain.api.investigation;

import static io.cyberbrain.api.Tokens.as;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.path.json.JsonPath;

/** Starting and following investigations through the API, and reading what the database, logs and files hold. */
final class InvestigationFixtures {

    static final List<String> ENDED = List.of("completed", "failed", "budget_exhausted", "cancelled");

    private InvestigationFixtures() {
    }

    static long start(Map<String, Object> body) {
        return as("operator").body(body).post("/api/investigations").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static JsonPath get(long id) {
        return as("viewer").get("/api/investigations/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitStatus(long id, List<String> statuses, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> statuses.contains(get(id).getString("status")));
        return get(id);
    }

    static JsonPath awaitEnd(long id) {
        return awaitStatus(id, ENDED, Duration.ofMinutes(4));
    }

    /** A log file with errors for the triages to find (the shared logs folder the launcher reads). */
    static void writeLogs(String name, int errors) {
        try {
            Path file = LauncherProcess.LOGS.resolve(name);
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < errors; i++) {
                text.append("2026-12-07T03:00:").append(String.format("%02d", i % 60))
                        .append("Z ERROR database connection refused after ").append(i).append(" retries\n");
                text.append("2026-12-07T03:00:").append(String.format("%02d", i % 60)).append("Z INFO request served\n");
            }
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    static String value(String sql) throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute(sql);
        }
    }

    /** Every text-like column of every table that holds {@code needle}, as {@code table.column}. */
    static List<String> columnsHolding(String needle) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection c = connect()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("""
                    select c.table_name, c.column_name from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
                      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] col : columns) {
                try (var ps = c.prepareStatement("select count(*) from \"" + col[0] + "\" where \"" + col[1]
                        + "\"::text like ?")) {
                    ps.setString(1, "%" + needle + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            hits.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
        }
        return hits;
    }

    /** Every file under {@code root} (recursively) whose bytes hold {@code needle}. */
    static List<Path> filesHolding(Path root, String needle) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(needle);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
