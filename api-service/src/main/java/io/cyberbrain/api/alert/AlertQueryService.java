package io.cyberbrain.api.alert;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.alert.Alert;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Reads stored alerts: filtered pages, newest first; one alert; the alerts that led to a run. */
@ApplicationScoped
public class AlertQueryService {

    public Uni<Page<Alert>> list(AlertFilter filter, PageRequest page) {
        return Panache.withSession(() -> {
            String where = filter.where();
            return Page.fetch(Alert.<Alert>find(where.isEmpty() ? "from Alert" : "from Alert where " + where,
                    Sort.descending("receivedAt", "id"), filter.parameters()), page);
        });
    }

    public Uni<Alert> get(long id) {
        return Panache.withSession(() -> Alert.<Alert>findById(id).map(a -> {
            if (a == null) {
                throw new NotFoundException("alert", id);
            }
            return a;
        }));
    }

    /** The alerts of a run (the one that opened it, its repeats and its resolved notice), oldest first. */
    public Uni<List<Alert>> forRun(long runId) {
        return Panache.withSession(() -> Alert.<Alert>list("runId", Sort.by("receivedAt", "id"), runId));
    }
}
