package io.cyberbrain.api.common;

import java.util.List;
import java.util.function.Function;

/** The one shape of every paginated list: items of one page, the page asked for, and the total. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
