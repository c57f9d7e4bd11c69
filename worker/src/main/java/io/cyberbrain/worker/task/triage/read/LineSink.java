package io.cyberbrain.worker.task.triage.read;

/** Receives the lines read, in order, one at a time; nothing is kept by the reader once it is handed over. */
@FunctionalInterface
public interface LineSink {

    /**
     * @param sourceKey the file's path relative to the log root, or {@code container:<name>}
     * @param line      the line without its {@code \n} (nor a {@code \r} before it), decoded as UTF-8 with
     *                  malformed bytes replaced; a line longer than the cap is cut
     */
    void line(String sourceKey, String line);
}
