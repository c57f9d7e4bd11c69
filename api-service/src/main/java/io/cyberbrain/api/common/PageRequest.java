package io.cyberbrain.api.common;

import io.cyberbrain.model.error.InvalidRequestException;

/** {@code ?page=0&size=50}: zero-based page, 1..500 items. */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
        }
        // The first row's offset (page * size) is an int in Hibernate: beyond it the product overflows negative.
        int lastPage = maxPage(s);
        if (p > lastPage) {
            throw new InvalidRequestException("page", "must be at most " + lastPage + " with size " + s);
        }
        return new PageRequest(p, s);
    }

    /** The highest page whose first row's offset still fits an int. */
    static int maxPage(int size) {
        return Integer.MAX_VALUE / size - 1;
    }

    public io.quarkus.panache.common.Page panache() {
        return io.quarkus.panache.common.Page.of(page, size);
    }
}
