package io.cyberbrain.api.allowlist;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.allowlist.AllowlistViews.ContainerInput;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.allowlist.AllowedContainer;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ContainerAllowlistService {

    private final Clock clock;

    public ContainerAllowlistService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Page<AllowedContainer>> list(PageRequest page, Boolean enabled) {
        return Panache.withSession(() -> {
            return Page.fetch((enabled == null ? AllowedContainer.<AllowedContainer>findAll(Sort.by("name"))
                    : AllowedContainer.<AllowedContainer>find("enabled", Sort.by("name"), enabled)), page);
        });
    }

    public Uni<AllowedContainer> get(String containerId) {
        return Panache.withSession(() -> find(containerId));
    }

    public Uni<AllowedContainer> create(ContainerInput input) {
        if (input.containerId() == null) {
            throw new InvalidRequestException("container_id", "is required");
        }
        if (input.name() == null) {
            throw new InvalidRequestException("name", "is required");
        }
        Instant now = clock.instant();
        AllowedContainer c = new AllowedContainer();
        c.containerId = input.containerId();
        c.name = stripSlash(input.name());
        c.enabled = input.enabled() == null || input.enabled();
        c.tags = input.tags() == null ? new String[0] : input.tags().toArray(String[]::new);
        c.description = input.description();
        c.createdAt = now;
        c.updatedAt = now;
        return Panache.withTransaction(() -> AllowedContainer.findById(c.containerId).flatMap(existing -> {
            if (existing != null) {
                throw new ConflictException("container " + c.containerId + " is already on the allowlist");
            }
            return c.<AllowedContainer>persist();
        }));
    }

    public Uni<AllowedContainer> update(String containerId, ContainerInput input) {
        if (input.containerId() != null && !input.containerId().equals(containerId)) {
            throw new InvalidRequestException("container_id", "is the key and cannot change; delete and add instead");
        }
        return Panache.withTransaction(() -> find(containerId).map(c -> {
            if (input.name() != null) {
                c.name = stripSlash(input.name());
            }
            if (input.enabled() != null) {
                c.enabled = input.enabled();
            }
            if (input.tags() != null) {
                c.tags = input.tags().toArray(String[]::new);
            }
            if (input.description() != null) {
                c.description = input.description();
            }
            c.updatedAt = clock.instant();
            return c;
        }));
    }

    public Uni<AllowedContainer> setEnabled(String containerId, boolean enabled) {
        return update(containerId, new ContainerInput(null, null, enabled, null, null));
    }

    public Uni<Void> delete(String containerId) {
        return Panache.withTransaction(() -> find(containerId).flatMap(AllowedContainer::delete));
    }

    private static String stripSlash(String name) {
        // Docker reports names with a leading slash; store the name a person types.
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static Uni<AllowedContainer> find(String containerId) {
        return AllowedContainer.<AllowedContainer>findById(containerId).map(c -> {
            if (c == null) {
                throw new NotFoundException("allowlisted container", containerId);
            }
            return c;
        });
    }
}
