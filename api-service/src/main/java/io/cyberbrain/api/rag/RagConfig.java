package io.cyberbrain.api.rag;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.rag.*}: uploads accepted by the API and the search index it keeps. */
@ConfigMapping(prefix = "cyberbrain.rag")
public interface RagConfig {

    /** Largest file accepted (bytes); larger uploads get 413. */
    @WithDefault("52428800")
    long maxUploadBytes();

    /**
     * Types accepted, as detected from the file's content (never its name or the client's header). Log files
     * are text/plain.
     */
    @WithDefault("text/plain,text/markdown,application/json,application/pdf,"
            + "application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/html")
    List<String> allowedTypes();

    /** How often the search index is compared with the database, in case a NOTIFY was missed. */
    @WithDefault("5m")
    Duration reconcileInterval();
}
