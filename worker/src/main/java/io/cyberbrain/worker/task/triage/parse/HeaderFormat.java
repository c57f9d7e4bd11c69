package io.cyberbrain.worker.task.triage.parse;

/** One header layout: splits a line into header fields and message, or returns null when the line does not match. */
public interface HeaderFormat {

    /** Short stable name, e.g. {@code syslog-rfc3164}. */
    String name();

    /**
     * Splits one line (already capped and stripped of trailing whitespace).
     *
     * @param time how zone-less and year-less timestamps become instants
     * @return the entry (continuation count 0), or null when this format does not match the line
     */
    LogEntry parse(String line, TimeContext time);

    /** The same, zone-less stamps read as UTC and year-less ones put in {@code yearIfMissing}. */
    default LogEntry parse(String line, int yearIfMissing) {
        return parse(line, TimeContext.utcInYear(yearIfMissing));
    }
}
