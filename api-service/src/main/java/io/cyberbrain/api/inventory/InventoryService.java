package io.cyberbrain.api.inventory;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.inventory.ContainerSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** The containers the worker-launcher last saw (it writes the snapshots while running service maps). */
@ApplicationScoped
public class InventoryService {

    static final String LATEST = "from ContainerSnapshot c where c.snapshotAt = "
            + "(select max(c2.snapshotAt) from ContainerSnapshot c2 where c2.containerId = c.containerId)";

    /** The latest snapshot of every container seen, by name. */
    public Uni<Page<ContainerSnapshot>> latest(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(ContainerSnapshot.<ContainerSnapshot>find(LATEST, Sort.by("name")), page));
    }

    /** Every snapshot of one container, newest first. */
    public Uni<Page<ContainerSnapshot>> history(String containerId, PageRequest page) {
        return Panache.withSession(() -> Page.fetch(
                ContainerSnapshot.<ContainerSnapshot>find("containerId", Sort.descending("snapshotAt"), containerId), page));
    }
}
