package io.cyberbrain.redaction;

import java.util.Objects;

/**
 * A half-open character range {@code [start, end)} of a text that must be masked.
 *
 * <p>Natural order is by start, then end, then entity class (consistent with {@code equals}).
 */
public record RedactionSpan(int start, int end, EntityClass entityClass)
        implements Comparable<RedactionSpan> {

    public RedactionSpan {
        Objects.requireNonNull(entityClass, "entityClass");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }

    @Override
    public int compareTo(RedactionSpan o) {
        int c = Integer.compare(start, o.start);
        if (c == 0) {
            c = Integer.compare(end, o.end);
        }
        return c != 0 ? c : entityClass.compareTo(o.entityClass);
    }
}
