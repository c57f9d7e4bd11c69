package io.cyberbrain.worker.task.triage.mine;

import io.cyberbrain.worker.task.triage.parse.Level;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one template.
 *
 * @param id           SHA-256 hex of {@code text} (changes when the template generalises)
 * @param text         the template, variables as {@code <*>}
 * @param count        entries matched
 * @param firstSeen    earliest entry time (null if no entry had one)
 * @param lastSeen     latest entry time (null if no entry had one)
 * @param countByLevel entries per level (levels with zero entries omitted)
 * @param level        the most severe level seen with a count, UNKNOWN if none
 * @param sources      sources the template was seen in (capped)
 * @param samples      the first few messages, unredacted, length-capped - redact before storing
 */
public record MinedTemplate(String id, String text, long count, Instant firstSeen, Instant lastSeen,
                            Map<Level, Long> countByLevel, Level level, Set<String> sources, List<String> samples) {
}
