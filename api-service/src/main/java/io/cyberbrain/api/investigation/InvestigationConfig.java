package io.cyberbrain.api.investigation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cyberbrain.investigation.*}: the engine, the budgets an investigation may ask for, the planner's local LLM. */
@ConfigMapping(prefix = "cyberbrain.investigation")
public interface InvestigationConfig {

    /** Whether this instance's engine claims investigations (they can be started either way). */
    @WithDefault("true")
    boolean enabled();

    /** This instance's name in leases; default: host, pid and a random suffix. */
    Optional<String> instanceId();

    /** Investigations advanced at once by this instance. */
    @WithDefault("2")
    int concurrency();

    /** How long a claim holds without a heartbeat. */
    @WithDefault("30s")
    Duration lease();

    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How often waiting investigations are looked at without a NOTIFY (a run that ended, a deadline). */
    @WithDefault("5s")
    Duration pollInterval();

    @WithDefault("6")
    int livenessIntervals();

    /** Steps when the request names none, and the most a request may ask for. */
    @WithDefault("6")
    int defaultMaxSteps();

    @WithDefault("20")
    int maxStepsLimit();

    /** Wall time in seconds when the request names none, and the most a request may ask for. */
    @WithDefault("1800")
    int defaultMaxWallSeconds();

    @WithDefault("86400")
    int maxWallSecondsLimit();

    /** LLM tokens (prompt and completion) when the request names none, and the most a request may ask for. */
    @WithDefault("20000")
    long defaultMaxTokens();

    @WithDefault("1000000")
    long maxTokensLimit();

    /** How far back the GPU history tool looks, in hours. */
    @WithDefault("24")
    int gpuHistoryHours();

    /** Passages a library search step keeps (titles and ids only). */
    @WithDefault("5")
    int libraryHits();

    Llm llm();

    /** The planner's local LLM (rule 1: local endpoints or allowlisted hosts only). No endpoint: the rules plan. */
    interface Llm {

        /** Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434. */
        Optional<String> endpoint();

        Optional<String> model();

        /** Name of an environment variable holding a bearer key, if the server wants one. */
        Optional<String> apiKeyEnv();

        /** Host names accepted whatever they resolve to. */
        Optional<List<String>> allowedHosts();

        @WithDefault("true")
        boolean allowCgnat();

        /** A model that has not answered within this long is given up on; the rules take over. */
        @WithDefault("60s")
        Duration timeout();

        @WithDefault("5s")
        Duration connectTimeout();

        /** {@code max_tokens} of each request. */
        @WithDefault("512")
        int maxOutputTokens();
    }
}
