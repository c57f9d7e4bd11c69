package io.cyberbrain.api.ui;

import static io.cyberbrain.api.Tokens.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.cyberbrain.api.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A triage report's runbook section as the launcher writes it (templates in code spans, Markdown-escaped cells, the
 * document's API path): the run page shows {@code <*>} as written and opens the document in the library; the API
 * gives the Markdown and the JSON unescaped.
 */
@QuarkusTest
class RunPageReportTest {

    static final String TEMPLATE = "disk <*> failed on <*> after <*> retries";
    static final String MARKDOWN = "## Log triage\n\n### Runbook passages\n\n"
            + "| template | document | passage | similarity |\n| --- | --- | --- | ---: |\n"
            + "| `" + TEMPLATE + "` | [Disk \\*runbook\\*](/api/rag/documents/7) | Writes fail with \\<ENOSPC\\>. (chunk 70, #2) | 0.71 |\n";
    static final String JSON = "{\"rag\": {\"matches\": [{\"template_text\": \"" + TEMPLATE + "\", \"passages\": "
            + "[{\"document_path\": \"/api/rag/documents/7\", \"snippet\": \"Writes fail with <ENOSPC>.\"}]}]}}";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password", defaultValue = "")
    String dbPassword;

    private int runWithReport() throws Exception {
        int id = as("operator").body(Map.of("tasks", List.of("gpu_report"))).post("/api/runs")
                .then().statusCode(201).extract().path("id");
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             PreparedStatement s = c.prepareStatement("update run set report_markdown = ?, report_json = ?::jsonb where id = ?")) {
            s.setString(1, MARKDOWN);
            s.setString(2, JSON);
            s.setInt(3, id);
            s.executeUpdate();
        }
        return id;
    }

    @Test
    void theRunPageShowsTemplatesAsWrittenAndLinksDocumentsToTheLibrary() throws Exception {
        int id = runWithReport();
        String session = UiPagesTest.login(Tokens.of("viewer"));
        given().cookie("cb_session", session).get("/ui/runs/" + id).then().statusCode(200)
                .body(containsString("<code>disk &lt;*&gt; failed on &lt;*&gt; after &lt;*&gt; retries</code>"))
                .body(not(containsString("<em>")))
                .body(containsString("href=\"/ui/library#document-7\">Disk *runbook*</a>"))
                .body(containsString("Writes fail with &lt;ENOSPC&gt;."));
    }

    @Test
    void theApiGivesTheMarkdownAndTheJsonWithoutHtmlEscaping() throws Exception {
        int id = runWithReport();
        as("viewer").get("/api/runs/" + id + "/report").then().statusCode(200)
                .body("markdown", containsString("`" + TEMPLATE + "`"))
                .body("markdown", not(containsString("&lt;")))
                .body("json.rag.matches[0].template_text", equalTo(TEMPLATE))
                .body("json.rag.matches[0].passages[0].snippet", equalTo("Writes fail with <ENOSPC>."));
    }
}
