package io.cyberbrain.api.common;

import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;

/** The one shape of every paginated list: items of one page, the page asked for, and the total. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Runs {@code query} for one page and counts its total: the one way lists are fetched. */
    public static <T> Uni<Page<T>> fetch(PanacheQuery<T> query, PageRequest request) {
        PanacheQuery<T> paged = query.page(request.panache());
        return paged.list().flatMap(items -> paged.count()
                .map(total -> new Page<>(items, request.page(), request.size(), total)));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
