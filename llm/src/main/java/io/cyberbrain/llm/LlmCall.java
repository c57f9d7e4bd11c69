package io.cyberbrain.llm;

/**
 * One LLM call by its counts: endpoint ({@code scheme://host:port}), model, purpose, usage tokens, duration and
 * outcome (rule 2, docs/design-rules.md). There is no field for what was said.
 */
public record LlmCall(String endpoint, String model, String purpose, int inputTokens, int outputTokens, long durationMs,
                      boolean success, String errorClass) {
}
