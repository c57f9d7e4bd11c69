package io.cyberbrain.model.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class RedactingLogFilterTest {

    private static final String SECRET_URL = "postgresql://cyberbrain:hunter2hunter2@10.0.0.5:5432/cb";
    private static final String EMAIL = "alice.smith@example.org";

    private static ExtLogRecord record(String format, Object... params) {
        ExtLogRecord r = new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF, "test");
        r.setParameters(params);
        return r;
    }

    @Test
    void parametersAreRedactedAfterFormatting() {
        ExtLogRecord r = record("cannot connect to %s for %s", SECRET_URL, EMAIL);
        assertTrue(new RedactingLogFilter(true).isLoggable(r));
        String out = r.getFormattedMessage();
        assertFalse(out.contains("hunter2hunter2"), out);
        assertFalse(out.contains(EMAIL), out);
        assertTrue(out.startsWith("cannot connect to "), out);
    }

    @Test
    void exceptionMessagesAndCausesAreRedactedButKeepTheirType() {
        ExtLogRecord r = record("boom");
        r.setThrown(new IllegalStateException("login " + EMAIL, new RuntimeException("url " + SECRET_URL)));
        new RedactingLogFilter(true).isLoggable(r);
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(EMAIL), trace.toString());
        assertFalse(trace.toString().contains("hunter2hunter2"), trace.toString());
        assertTrue(trace.toString().contains("java.lang.IllegalStateException"), trace.toString());
        assertTrue(trace.toString().contains("Caused by: java.lang.RuntimeException"), trace.toString());
    }

    @Test
    void disabledModeLeavesRecordsAlone() {
        ExtLogRecord r = record("user %s", EMAIL);
        new RedactingLogFilter(false).isLoggable(r);
        assertEquals("user " + EMAIL, r.getFormattedMessage());
    }

    @Test
    void cleanMessagesAreUntouched() {
        ExtLogRecord r = record("run %d finished in %d ms", 42, 1234);
        new RedactingLogFilter(true).isLoggable(r);
        assertEquals("run 42 finished in 1234 ms", r.getFormattedMessage());
    }

    @Test
    void loggedValuesCannotStartAForgedLine() {
        ExtLogRecord r = record("no such container %s", "x\u0000\nFORGED 2026-01-01 INFO admin logged in\r\u2028");
        new RedactingLogFilter(true).isLoggable(r);
        String out = r.getFormattedMessage();
        assertEquals("no such container x\\u0000\\nFORGED 2026-01-01 INFO admin logged in\\r\\u2028", out);
    }

    @Test
    void valuesStayOneLineWhenRedactionIsOff() {
        ExtLogRecord r = record("path %s", "a\nFORGED");
        new RedactingLogFilter(false).isLoggable(r);
        assertEquals("path a\\nFORGED", r.getFormattedMessage());
    }

    @Test
    void exceptionMessagesStayOneLine() {
        ExtLogRecord r = record("boom");
        r.setThrown(new IllegalArgumentException("bad id 'x\nFORGED'"));
        new RedactingLogFilter(false).isLoggable(r);
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().lines().anyMatch(l -> l.startsWith("FORGED")), trace.toString());
        assertTrue(trace.toString().contains("bad id 'x\\nFORGED'"), trace.toString());
    }
}
