package io.cyberbrain.model.redaction;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

import io.cyberbrain.redaction.LogSafeText;
import io.cyberbrain.redaction.RedactedThrowable;
import io.cyberbrain.redaction.Redactor;

/**
 * Masks secrets and personal data in every log record before any handler writes it (rule 3, docs/design-rules.md), and keeps
 * every message and exception message on one line ({@link LogSafeText}). Enabled with {@code quarkus.log.console.filter=cyberbrain-redaction}; off only when
 * DEBUG_REDACTED_MODE=false (the one-line rule stays).
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
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        // One record, one line, whatever a logged value holds; secrets masked unless redaction is off.
        String redacted = LogSafeText.of(enabled ? redactor.redact(formatted) : formatted);
        if (redacted != null && !redacted.equals(formatted)) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown(),
                    enabled ? text -> LogSafeText.of(redactor.redact(text)) : LogSafeText::of));
        }
        return true;
    }
}
