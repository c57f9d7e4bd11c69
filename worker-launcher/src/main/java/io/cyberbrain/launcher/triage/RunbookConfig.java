package io.cyberbrain.launcher.triage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Runbook passages for log triage runs launched with {@code use_rag}. */
@ConfigMapping(prefix = "cyberbrain.triage.rag")
public interface RunbookConfig {

    /** Templates looked up per run: the worst by severity first, then the most frequent. */
    @WithDefault("5")
    int templates();

    /** Passages kept per template. */
    @WithDefault("3")
    int hits();
}
