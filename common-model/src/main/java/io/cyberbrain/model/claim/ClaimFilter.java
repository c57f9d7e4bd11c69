package io.cyberbrain.model.claim;

import java.util.Comparator;
import java.util.Map;

/**
 * Narrows a claim to the rows meant for this claimer (a worker host claims only the jobs targeted at it): a condition
 * added to the spec's ready rows, and assignments added to its claim, both SQL written by the feature that owns the
 * table (constants, never input) with named placeholders ({@code :host}) bound to {@code parameters} on every claim.
 * The claim keeps its one statement and its {@code FOR UPDATE SKIP LOCKED}.
 *
 * @param condition  more ready-row conditions, e.g. {@code exists (select 1 from worker_host h where h.name = :host ...)};
 *                   the claimed table is referred to by its name
 * @param onClaim    more assignments when claimed, e.g. {@code host_name = :host}, or null
 * @param parameters the values of the placeholders, by name without the colon
 */
public record ClaimFilter(String condition, String onClaim, Map<String, Object> parameters) {

    /** Every ready row. */
    public static final ClaimFilter NONE = new ClaimFilter(null, null, Map.of());

    public ClaimFilter {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        for (String name : parameters.keySet()) {
            if (name.equals("now") || name.equals("reason") || !name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("claim filter parameter ':" + name + "' is reserved or not a plain name");
            }
        }
    }

    /** {@code fragment} with each named placeholder replaced by what {@code bind} returns for its value. */
    String bind(String fragment, java.util.function.Function<Object, String> bind) {
        String bound = fragment;
        // Longest names first, so that :host is not taken for the start of :host_labels.
        for (String name : parameters.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            String placeholder = ":" + name;
            if (bound.contains(placeholder)) {
                bound = bound.replace(placeholder, bind.apply(parameters.get(name)));
            }
        }
        return bound;
    }
}
