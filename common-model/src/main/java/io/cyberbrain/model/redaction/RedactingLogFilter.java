package io.cyberbrain.model.redaction;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Masks secrets and personal data in every log record before any handler writes it (DESIGN rule 3).
 * Enabled with {@code quarkus.log.console.filter=cyberbrain-redaction}; off only when
 * DEBUG_REDACTED_MODE=false.
 */
@LoggingFilter(name = "cyberbrain-redaction")
public class RedactingLogFilter implements Filter {

    private final boolean enabled;
    private final Redactor redactor;

    public RedactingLogFilter(@ConfigProperty(name = "cyberbrain.redaction.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
        this.redactor = Redactor.standard();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!enabled) {
            return true;
        }
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String redacted = redactor.redact(formatted);
        if (redacted != null && !redacted.equals(formatted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown(), redactor));
        }
        return true;
    }
}
