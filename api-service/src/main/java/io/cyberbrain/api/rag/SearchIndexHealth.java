package io.cyberbrain.api.rag;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the search index in readiness: whether the first load from the database has run, and its size.
 * Always UP: until the load is done searches simply find less, which is no reason to take the API away.
 */
@Readiness
@ApplicationScoped
public class SearchIndexHealth implements HealthCheck {

    private final SearchIndexHolder holder;

    public SearchIndexHealth(SearchIndexHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rag search index").up()
                .withData("loaded", holder.initialLoadDone())
                .withData("documents", holder.index().documentCount())
                .withData("chunks", holder.index().chunkCount())
                .build();
    }
}
