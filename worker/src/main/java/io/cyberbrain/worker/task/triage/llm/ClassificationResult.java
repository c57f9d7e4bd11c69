package io.cyberbrain.worker.task.triage.llm;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cyberbrain.worker.TaskOutcome.LlmCallRecord;

/**
 * What the classifier kept: validated values and counts, never the model's text.
 *
 * @param enabled          false when no LLM is configured (then everything else is empty)
 * @param requested        templates sent for classification (at most {@code llm.max_templates})
 * @param byTemplate       accepted classifications by index in the list given
 * @param discardedEntries entries of otherwise readable answers that were dropped: unknown or repeated id,
 *                         category or severity outside the vocabulary, missing or extra fields
 * @param discardedAnswers whole answers dropped: not exactly one JSON object of the expected shape
 * @param failedCalls      calls that failed or were refused (their batches stay unclassified)
 * @param calls            the calls made for this classification, counts only
 */
public record ClassificationResult(boolean enabled, int requested, Map<Integer, TemplateClassification> byTemplate,
                                   int discardedEntries, int discardedAnswers, int failedCalls,
                                   List<LlmCallRecord> calls) {

    public ClassificationResult {
        byTemplate = Collections.unmodifiableMap(new TreeMap<>(byTemplate));
        calls = List.copyOf(calls);
    }

    public static ClassificationResult disabled() {
        return new ClassificationResult(false, 0, Map.of(), 0, 0, 0, List.of());
    }

    /** Everything dropped: entries plus whole answers. */
    public int discarded() {
        return discardedEntries + discardedAnswers;
    }
}
