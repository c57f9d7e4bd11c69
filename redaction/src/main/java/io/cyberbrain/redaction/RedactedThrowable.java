package io.cyberbrain.redaction;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A stand-in for a logged exception whose messages are redacted: exception messages quote URLs,
 * connection strings and input, so they leak as easily as the log message itself. Stack frames are kept.
 */
public final class RedactedThrowable extends RuntimeException {

    private final String originalClass;

    private RedactedThrowable(String originalClass, String message) {
        super(message);
        this.originalClass = originalClass;
    }

    public static Throwable of(Throwable thrown, Redactor redactor) {
        return of(thrown, redactor::redact);
    }

    /** A copy whose messages passed {@code clean} (redaction, one-line escaping). */
    public static Throwable of(Throwable thrown, UnaryOperator<String> clean) {
        return copy(thrown, clean, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable t, UnaryOperator<String> redactor, Map<Throwable, Throwable> seen) {
        if (t == null) {
            return null;
        }
        if (t instanceof RedactedThrowable || seen.containsKey(t)) {
            return seen.getOrDefault(t, t);
        }
        RedactedThrowable copy = new RedactedThrowable(t.getClass().getName(), redactor.apply(t.getMessage()));
        seen.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = copy(t.getCause(), redactor, seen);
        if (cause != null && cause != copy) {
            copy.initCause(cause);
        }
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(copy(s, redactor, seen));
        }
        return copy;
    }

    /** Prints as the original exception would, so log readers see the real type. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClass : originalClass + ": " + message;
    }
}
