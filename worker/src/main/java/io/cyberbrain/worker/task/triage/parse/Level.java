package io.cyberbrain.worker.task.triage.parse;

import java.util.Locale;

/** Normalised severity of a log entry. */
public enum Level {
    TRACE, DEBUG, INFO, NOTICE, WARN, ERROR, FATAL, UNKNOWN;

    /**
     * Maps a level word as written by common formats (log4j/logback, Python logging, syslog keywords,
     * java.util.logging, Apache, nginx, single letters such as glog's {@code E}/{@code W}) to a
     * level; {@link #UNKNOWN} when the word is not a level.
     */
    public static Level parse(CharSequence word) {
        if (word == null) {
            return UNKNOWN;
        }
        String w = word.toString().trim();
        if (w.isEmpty() || w.length() > 13) {
            return UNKNOWN;
        }
        switch (w.toLowerCase(Locale.ROOT)) {
            case "trace": case "finest": case "trc": case "t":
                return TRACE;
            // java.util.logging's FINER and FINE are DEBUG, FINEST TRACE (as SLF4J's JUL bridge maps them)
            case "debug": case "fine": case "finer": case "dbg": case "d": case "debug1": case "debug2": case "debug3":
            case "debug4": case "debug5":
                return DEBUG;
            case "info": case "information": case "informational": case "inf": case "i": case "config":
                return INFO;
            case "notice": case "n":
                return NOTICE;
            case "warn": case "warning": case "wrn": case "w":
                return WARN;
            case "error": case "err": case "e": case "severe": case "failure":
                return ERROR;
            case "fatal": case "critical": case "crit": case "panic": case "emerg": case "emergency":
            case "alert": case "f": case "c":
                return FATAL;
            default:
                return UNKNOWN;
        }
    }

    /** Syslog severity 0..7 (RFC 5424 table 2): 0-2 FATAL, 3 ERROR, 4 WARN, 5 NOTICE, 6 INFO, 7 DEBUG. */
    public static Level fromSyslogSeverity(int severity) {
        switch (severity) {
            case 0: case 1: case 2: return FATAL;
            case 3: return ERROR;
            case 4: return WARN;
            case 5: return NOTICE;
            case 6: return INFO;
            case 7: return DEBUG;
            default: return UNKNOWN;
        }
    }

    /** HTTP status of an access-log line: 5xx ERROR, 4xx WARN, other INFO. */
    public static Level fromHttpStatus(int status) {
        if (status >= 500) {
            return ERROR;
        }
        return status >= 400 ? WARN : INFO;
    }
}
