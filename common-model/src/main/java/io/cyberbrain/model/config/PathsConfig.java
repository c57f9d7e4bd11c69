package io.cyberbrain.model.config;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The two folders the services share with the workers. */
@ConfigMapping(prefix = "cyberbrain.paths")
public interface PathsConfig {

    /** CYBER_BRAIN_LOGS: logs to triage, and run folders ({@code runs/<run>/<job>/}) with reports and artifacts. */
    @WithDefault("data/logs")
    Path logs();

    /** CYBER_BRAIN_UPLOADS: stored uploads for the document library (read-only for workers). */
    @WithDefault("data/uploads")
    Path uploads();
}
