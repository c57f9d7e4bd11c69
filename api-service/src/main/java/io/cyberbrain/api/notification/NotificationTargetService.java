package io.cyberbrain.api.notification;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.notification.NotificationViews.TargetInput;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.notification.DeliveryResult;
import io.cyberbrain.model.notification.EgressPolicy;
import io.cyberbrain.model.notification.NotificationDelivery;
import io.cyberbrain.model.notification.NotificationEvent;
import io.cyberbrain.model.notification.NotificationKind;
import io.cyberbrain.model.notification.NotificationTarget;
import io.cyberbrain.model.notification.RunNotice;
import io.cyberbrain.model.notification.RunNotification;
import io.cyberbrain.model.notification.TargetConfig;
import io.cyberbrain.model.notification.TargetSecrets;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

@ApplicationScoped
public class NotificationTargetService {

    static final int MAX_NAME = 200;

    private final Clock clock;
    private final NotificationDelivery delivery;
    private final EgressPolicy egress;

    public NotificationTargetService(Clock clock, NotificationDelivery delivery, EgressPolicy egress) {
        this.clock = clock;
        this.delivery = delivery;
        this.egress = egress;
    }

    public Uni<Page<NotificationTarget>> list(PageRequest page) {
        return Panache.withSession(() -> Page.fetch(NotificationTarget.<NotificationTarget>findAll(Sort.by("name")), page));
    }

    public Uni<NotificationTarget> get(long id) {
        return Panache.withSession(() -> find(id));
    }

    /** Refuses with every problem at once (missing fields, the config's, the events'), so a form can show them all. */
    public Uni<NotificationTarget> create(TargetInput input) {
        List<FieldError> errors = new ArrayList<>(nameProblems(input.name(), true));
        NotificationKind kind = input.kind() == null ? null : WireEnum.parse(NotificationKind.class, input.kind()).orElse(null);
        if (kind == null) {
            errors.add(new FieldError("kind", (input.kind() == null ? "is required: " : "must be one of ")
                    + WireEnum.allowed(NotificationKind.class)));
        }
        if (input.config() == null) {
            errors.add(new FieldError("config", "is required"));
        } else if (kind != null) {
            errors.addAll(problems(kind, TargetSecrets.merge(Map.of(), input.config())));
        }
        if (input.events() != null) {
            errors.addAll(eventProblems(input.events()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        NotificationTarget t = new NotificationTarget();
        t.name = input.name().strip();
        t.kind = kind;
        t.enabled = input.enabled() == null || input.enabled();
        t.config = TargetSecrets.merge(Map.of(), input.config());
        t.events = input.events() == null ? new String[] {NotificationEvent.RUN_FAILED.wire()} : events(input.events());
        Instant now = clock.instant();
        t.createdAt = now;
        t.updatedAt = now;
        return Panache.withTransaction(() -> requireUniqueName(t.name, null).flatMap(ok -> t.persist()));
    }

    public Uni<NotificationTarget> update(long id, TargetInput input) {
        return Panache.withTransaction(() -> find(id).flatMap(t -> {
            if (input.kind() != null && parseKind(input.kind()) != t.kind) {
                throw new InvalidRequestException("kind", "cannot change; create a new target of the other kind instead");
            }
            List<FieldError> errors = new ArrayList<>(nameProblems(input.name(), false));
            Map<String, Object> config = input.config() == null ? t.config : TargetSecrets.merge(t.config, input.config());
            if (input.config() != null) {
                errors.addAll(problems(t.kind, config));
            }
            if (input.events() != null) {
                errors.addAll(eventProblems(input.events()));
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequestException(errors);
            }
            t.config = config;
            if (input.events() != null) {
                t.events = events(input.events());
            }
            if (input.enabled() != null) {
                t.enabled = input.enabled();
            }
            String name = input.name() == null ? t.name : input.name().strip();
            Uni<Void> nameCheck = name.equals(t.name) ? Uni.createFrom().voidItem() : requireUniqueName(name, id);
            return nameCheck.map(ok -> {
                t.name = name;
                t.updatedAt = clock.instant();
                return t;
            });
        }));
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).flatMap(NotificationTarget::delete));
    }

    public record Tested(NotificationTarget target, DeliveryResult result) {
    }

    /** Sends a sample notice to the target now, whether it is enabled or not; the blocking send runs off the event loop. */
    public Uni<Tested> test(long id) {
        return get(id).flatMap(t -> Uni.createFrom().item(() -> new Tested(t, delivery.deliver(t, RunNotice.sample())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    public Uni<Page<RunNotification>> deliveries(long id, PageRequest page) {
        return Panache.withSession(() -> find(id).flatMap(t -> Page.fetch(RunNotification.<RunNotification>find("targetId",
                Sort.descending("createdAt", "id"), id), page)));
    }

    /** Valid for its kind and aimed at a destination the egress policy allows (judged again at each send). */
    private List<FieldError> problems(NotificationKind kind, Map<String, Object> config) {
        List<FieldError> errors = new ArrayList<>(TargetConfig.validate(kind, config));
        if (errors.isEmpty()) {
            String key = kind == NotificationKind.EMAIL ? TargetConfig.SMTP_HOST : TargetConfig.WEBHOOK_URL;
            String host = kind == NotificationKind.EMAIL ? (String) config.get(key)
                    : config.get(key) == null ? null : TargetConfig.httpUrl(config.get(key)).getHost();
            if (host != null) {
                egress.refusalWithoutLookup(host).ifPresent(why -> errors.add(new FieldError("config." + key, why)));
            }
        }
        return errors;
    }

    private static List<FieldError> nameProblems(String name, boolean required) {
        if (name == null) {
            return required ? List.of(new FieldError("name", "is required")) : List.of();
        }
        if (name.isBlank()) {
            return List.of(new FieldError("name", required ? "is required" : "must not be blank"));
        }
        return name.strip().length() > MAX_NAME ? List.of(new FieldError("name", "must be at most " + MAX_NAME + " characters"))
                : List.of();
    }

    private static List<FieldError> eventProblems(List<String> raw) {
        if (raw.isEmpty()) {
            return List.of(new FieldError("events", "choose at least one event: " + WireEnum.allowed(NotificationEvent.class)));
        }
        return raw.stream().filter(e -> WireEnum.parse(NotificationEvent.class, e).isEmpty())
                .map(e -> new FieldError("events", "'" + e + "' is not an event; use " + WireEnum.allowed(NotificationEvent.class)))
                .toList();
    }

    private static String[] events(List<String> raw) {
        LinkedHashSet<String> events = new LinkedHashSet<>();
        for (String e : raw) {
            events.add(WireEnum.parse(NotificationEvent.class, e).orElseThrow(() -> new InvalidRequestException("events",
                    "'" + e + "' is not an event; use " + WireEnum.allowed(NotificationEvent.class))).wire());
        }
        return events.toArray(String[]::new);
    }

    private static NotificationKind parseKind(String raw) {
        return WireEnum.parse(NotificationKind.class, raw).orElseThrow(() ->
                new InvalidRequestException("kind", "must be one of " + WireEnum.allowed(NotificationKind.class)));
    }

    private static Uni<Void> requireUniqueName(String name, Long exceptId) {
        Uni<Long> count = exceptId == null ? NotificationTarget.count("name", name)
                : NotificationTarget.count("name = ?1 and id <> ?2", name, exceptId);
        return count.map(n -> {
            if (n > 0) {
                throw new ConflictException("a notification target named '" + name + "' already exists");
            }
            return null;
        });
    }

    private static Uni<NotificationTarget> find(long id) {
        return NotificationTarget.<NotificationTarget>findById(id).map(t -> {
            if (t == null) {
                throw new NotFoundException("notification target", id);
            }
            return t;
        });
    }
}
