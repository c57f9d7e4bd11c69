package io.cyberbrain.api.usage;

import static io.cyberbrain.api.Tokens.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Calls are written by the worker-launcher; here they are inserted directly, in a window of their own. */
@QuarkusTest
class UsageResourceTest {

    static final Instant AT = Instant.parse("2026-03-10T10:00:00Z");
    static final String WINDOW = "since=2026-03-10T00:00:00Z&until=2026-03-11T00:00:00Z";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void calls() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("delete from llm_call where created_at >= '2026-03-10' and created_at < '2026-03-11'");
            insert(c, "test-model", 1_000_000, 500_000, true);
            insert(c, "test-model", 1_000_000, 500_000, true);
            insert(c, "unpriced:7b", 100, 50, false);
        }
    }

    private static void insert(Connection c, String model, int in, int out, boolean ok) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into llm_call (endpoint, model, purpose, input_tokens, output_tokens, total_tokens, duration_ms, success, error_class, created_at)
                values ('http://127.0.0.1:11434', ?, 'triage_classification', ?, ?, ?, 120, ?, ?, ?)""")) {
            ps.setString(1, model);
            ps.setInt(2, in);
            ps.setInt(3, out);
            ps.setInt(4, in + out);
            ps.setBoolean(5, ok);
            ps.setString(6, ok ? null : "Timeout");
            ps.setTimestamp(7, Timestamp.from(AT));
            ps.executeUpdate();
        }
    }

    @Test
    void tokenStatsSumByModelAndDay() {
        as("viewer").get("/api/token-stats/?" + WINDOW).then().statusCode(200)
                .body("calls", equalTo(3))
                .body("failed_calls", equalTo(1))
                .body("prompt_tokens", equalTo(2_000_100))
                .body("completion_tokens", equalTo(1_000_050))
                .body("total_tokens", equalTo(3_000_150))
                .body("by_model[0].model", equalTo("test-model"))
                .body("by_model[0].calls", equalTo(2))
                .body("by_day[0].day", equalTo("2026-03-10"));
    }

    @Test
    void costReportPricesConfiguredModelsExactly() {
        // 2,000,000 input at 1.50 + 1,000,000 output at 2.00 per million = 5.00
        as("viewer").get("/api/cost-report?" + WINDOW).then().statusCode(200)
                .body("currency", equalTo("USD"))
                .body("total_cost", equalTo(5.0f))
                .body("models.find { it.model == 'test-model' }.cost", equalTo(5.0f))
                .body("models.find { it.model == 'unpriced:7b' }.priced", equalTo(false))
                .body("unpriced_models", hasItem("unpriced:7b"));
    }

    @Test
    void llmCallsFilterByModelAndOutcome() {
        as("viewer").get("/api/llm-calls?success=false&" + WINDOW).then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].model", equalTo("unpriced:7b"))
                .body("items[0].error_class", equalTo("Timeout"))
                .body("items[0].prompt_tokens", equalTo(100));
    }

    @Test
    void usageByDirectiveCountsRunsInTheWindow() {
        as("viewer").get("/api/usage-by-directive").then().statusCode(200);
        as("viewer").get("/api/usage-by-directive?since=2026-03-11T00:00:00Z&until=2026-03-10T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
    }
}
