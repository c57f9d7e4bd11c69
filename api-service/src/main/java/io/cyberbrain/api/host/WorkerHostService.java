package io.cyberbrain.api.host;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.host.HostViews.HostHealth;
import io.cyberbrain.api.host.HostViews.HostPatch;
import io.cyberbrain.api.host.HostViews.HostView;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.host.HostState;
import io.cyberbrain.model.host.HostStatus;
import io.cyberbrain.model.host.HostsConfig;
import io.cyberbrain.model.host.Target;
import io.cyberbrain.model.host.WorkerHost;
import io.cyberbrain.model.run.JobStatus;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * The worker hosts the launchers registered: listed with their derived status and running jobs; an admin changes
 * their labels and state, and removes a host that is offline (one that still heart-beats would only come back).
 */
@ApplicationScoped
public class WorkerHostService {

    private final Clock clock;
    private final HostsConfig config;

    public WorkerHostService(Clock clock, HostsConfig config) {
        this.clock = clock;
        this.config = config;
    }

    public Uni<Page<HostView>> list(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(WorkerHost.<WorkerHost>findAll(Sort.by("name")), page)
                .flatMap(p -> running(p.items().stream().map(h -> h.name).toList())
                        .map(counts -> p.map(h -> HostView.of(h, counts.getOrDefault(h.name, 0L), clock.instant(), config)))));
    }

    public Uni<HostView> get(long id) {
        return Panache.withSession(() -> find(id).flatMap(this::view));
    }

    /** A host by its id (digits) or its name. */
    public Uni<HostView> get(String idOrName) {
        return Panache.withSession(() -> (idOrName.matches("\\d{1,18}") ? find(Long.parseLong(idOrName))
                : WorkerHost.<WorkerHost>find("name", idOrName).firstResult().map(h -> {
                    if (h == null) {
                        throw new NotFoundException("worker host", idOrName);
                    }
                    return h;
                })).flatMap(this::view));
    }

    public Uni<HostHealth> health(long id) {
        return Panache.withSession(() -> find(id).flatMap(h -> running(List.of(h.name))
                .flatMap(counts -> WorkerHostService.waiting(h.name)
                        .map(waiting -> HostHealth.of(h, counts.getOrDefault(h.name, 0L), waiting, clock.instant(), config)))));
    }

    public Uni<HostView> update(long id, HostPatch patch) {
        HostState state = patch.state() == null ? null : WireEnum.parse(HostState.class, patch.state())
                .orElseThrow(() -> new InvalidRequestException("state", "must be one of " + WireEnum.allowed(HostState.class)));
        if (patch.labels() != null) {
            List<InvalidRequestException.FieldError> errors = new java.util.ArrayList<>();
            if (!Target.validLabels(patch.labels(), "labels", (f, m) -> errors.add(new InvalidRequestException.FieldError(f, m)))) {
                throw new InvalidRequestException(errors);
            }
        }
        return Panache.withTransaction(() -> find(id).flatMap(h -> {
            if (patch.labels() != null) {
                h.labels = new HashMap<>(patch.labels());
            }
            if (state != null) {
                h.state = state;
            }
            h.updatedAt = clock.instant();
            return view(h);
        }));
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).flatMap(h -> {
            HostStatus status = h.status(clock.instant(), config);
            if (status != HostStatus.OFFLINE) {
                throw new ConflictException("worker host " + h.name + " is " + status.wire()
                        + ": only an offline host can be removed (stop its launcher first)");
            }
            return h.delete();
        }));
    }

    private Uni<HostView> view(WorkerHost h) {
        return running(List.of(h.name)).map(counts -> HostView.of(h, counts.getOrDefault(h.name, 0L), clock.instant(), config));
    }

    /** Running jobs by host name, for the hosts asked about. */
    private static Uni<Map<String, Long>> running(List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(s -> s.createSelectionQuery("select j.hostName, count(j) from RunJob j"
                        + " where j.status = :status and j.hostName in :names group by j.hostName", Object[].class)
                .setParameter("status", JobStatus.RUNNING).setParameter("names", names).getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    private static Uni<Long> waiting(String name) {
        return Panache.getSession().flatMap(s -> s.createSelectionQuery("select count(j) from RunJob j"
                        + " where j.status = :status and j.targetHost = :name", Long.class)
                .setParameter("status", JobStatus.PENDING).setParameter("name", name).getSingleResult());
    }

    private static Uni<WorkerHost> find(long id) {
        return WorkerHost.<WorkerHost>findById(id).map(h -> {
            if (h == null) {
                throw new NotFoundException("worker host", id);
            }
            return h;
        });
    }
}
