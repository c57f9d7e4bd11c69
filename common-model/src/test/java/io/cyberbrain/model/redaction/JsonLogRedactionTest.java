package io.cyberbrain.model.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.json.runtime.JsonFormatter;

import io.cyberbrain.redaction.RedactedThrowable;

/**
 * With CYBERBRAIN_LOG_JSON=true the console handler gets the JSON formatter of quarkus-logging-json, and keeps
 * its filter: a record passes the redaction filter before it is formatted, so JSON lines are masked as the
 * plain ones are. This drives a console handler wired the way Quarkus wires it (filter + JSON formatter).
 */
class JsonLogRedactionTest {

    private static final String PASSWORD_URL = "postgresql://cyberbrain:hunter2hunter2@db.internal:5432/cb";
    private static final String EMAIL = "alice.smith@example.org";

    @Test
    void jsonConsoleLinesAreRedacted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleHandler handler = new ConsoleHandler(ConsoleHandler.Target.CONSOLE, new JsonFormatter());
        handler.setOutputStream(out);
        handler.setFilter(new RedactingLogFilter(true));
        handler.setAutoFlush(true);

        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "cannot reach %s for %s", ExtLogRecord.FormatStyle.PRINTF, "test");
        record.setParameters(new Object[] {PASSWORD_URL, EMAIL});
        record.setThrown(new IllegalStateException("login failed for " + EMAIL));
        handler.publish(record);
        handler.flush();

        String line = out.toString(StandardCharsets.UTF_8).strip();
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARNING", json.get("level").asText(), line);
        String message = json.get("message").asText();
        assertTrue(message.startsWith("cannot reach "), line);
        assertFalse(line.contains("hunter2hunter2"), line);
        assertFalse(line.contains(EMAIL), line);
        // The JSON formatter names the thrown object's class: the redacting stand-in, whose message is masked too.
        JsonNode exception = json.get("exception");
        assertEquals(RedactedThrowable.class.getName(), exception.get("exceptionType").asText(), line);
        assertEquals("login failed for [REDACTED:EMAIL]", exception.get("message").asText(), line);
    }
}
