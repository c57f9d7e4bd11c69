package io.cyberbrain.worker.task.triage.mine;

/**
 * Settings of {@link TemplateMiner}. The defaults are the one configuration used for every source.
 *
 * @param maxTemplates   templates kept; beyond it the least recently seen (lowest count among the
 *                       oldest few) is evicted
 * @param maxTokens      tokens per message; the rest of a longer message becomes one {@code <*>}
 * @param similarity     share of a template's constant tokens a message must match to join it
 * @param maxSources     sources remembered per template
 * @param maxSamples     sample messages remembered per template (the first ones)
 * @param maxSampleChars length cap of a sample message
 */
public record MinerConfig(int maxTemplates, int maxTokens, double similarity, int maxSources, int maxSamples,
                          int maxSampleChars) {

    public MinerConfig {
        if (maxTemplates < 1 || maxTokens < 1 || similarity <= 0 || similarity > 1 || maxSources < 0
                || maxSamples < 0 || maxSampleChars < 0) {
            throw new IllegalArgumentException("invalid miner configuration");
        }
    }

    public static MinerConfig defaults() {
        return new MinerConfig(10_000, 128, 0.7, 16, 3, 512);
    }

    public MinerConfig withMaxTemplates(int n) {
        return new MinerConfig(n, maxTokens, similarity, maxSources, maxSamples, maxSampleChars);
    }
}
