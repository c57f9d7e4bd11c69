package io.cyberbrain.api.common;

import java.util.Optional;

/**
 * A feature's own body limit for some of its paths (an upload may exceed the default), so {@link BodyLimitFilter}
 * stays generic and imports no feature.
 */
public interface BodyAllowance {

    /** The limit for this path and the sentence that explains it, or empty when the default applies. */
    Optional<Limit> limitFor(String path);

    /** {@code describe} gets the declared size and says what was too large and which setting bounds it. */
    record Limit(long bytes, java.util.function.LongFunction<String> describe) {
    }
}
