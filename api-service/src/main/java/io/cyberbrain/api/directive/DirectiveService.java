package io.cyberbrain.api.directive;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.config.ConfigSecretsCheck;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.directive.DirectiveType;
import io.cyberbrain.model.directive.DirectiveVersion;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.support.WireEnum;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Directives are versioned: every change bumps the version and saves it in directive_version. Runs keep
 * their own snapshot, so nothing here can alter what a past run used.
 */
@ApplicationScoped
public class DirectiveService {

    private final Clock clock;

    public DirectiveService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Page<Directive>> list(PageRequest page, Boolean active) {
        return Panache.withSession(() -> {
            var query = active == null
                    ? Directive.<Directive>findAll(Sort.by("id"))
                    : Directive.<Directive>find("active", Sort.by("id"), active);
            return Page.fetch(query, page);
        });
    }

    public Uni<Directive> get(long id) {
        return Panache.withSession(() -> find(id));
    }

    public Uni<List<DirectiveVersion>> versions(long id) {
        return Panache.withSession(() -> find(id)
                .flatMap(d -> DirectiveVersion.<DirectiveVersion>list("directiveId", Sort.descending("version"), id)));
    }

    public Uni<Directive> create(DirectiveInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input.name() == null || input.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        if (input.type() == null) {
            errors.add(new FieldError("type", "is required: " + WireEnum.allowed(DirectiveType.class)));
        }
        if (input.text() == null || input.text().isBlank()) {
            errors.add(new FieldError("text", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ConfigSecretsCheck.requireNone("task_config", input.taskConfig());
        DirectiveType type = parseType(input.type());
        Instant now = clock.instant();
        Directive d = new Directive();
        d.name = input.name().strip();
        d.type = type;
        d.description = input.description();
        d.text = input.text().strip();
        d.taskConfig = input.taskConfig() == null ? Map.of() : input.taskConfig();
        d.version = 1;
        d.active = input.active() == null || input.active();
        // Custom text is unreviewed by definition, so it is gated unless the admin says otherwise.
        d.approvalRequired = input.approvalRequired() != null ? input.approvalRequired() : type == DirectiveType.CUSTOM;
        d.createdAt = now;
        d.updatedAt = now;
        return Panache.withTransaction(() -> requireUniqueName(d.name, null)
                .flatMap(ok -> d.<Directive>persist())
                .flatMap(saved -> DirectiveVersion.of(saved, now).persist().replaceWith(saved)));
    }

    public Uni<Directive> update(long id, DirectiveInput input) {
        return Panache.withTransaction(() -> find(id).flatMap(d -> {
            Directive before = copy(d);
            if (input.name() != null) {
                d.name = nonBlank("name", input.name());
            }
            if (input.type() != null) {
                DirectiveType type = parseType(input.type());
                if (d.code != null && type != d.type) {
                    throw new InvalidRequestException("type", "the type of a built-in directive (" + d.code + ") cannot change");
                }
                d.type = type;
            }
            if (input.description() != null) {
                d.description = input.description();
            }
            if (input.text() != null) {
                d.text = nonBlank("text", input.text());
            }
            if (input.taskConfig() != null) {
                ConfigSecretsCheck.requireNone("task_config", input.taskConfig());
                d.taskConfig = input.taskConfig();
            }
            if (input.active() != null) {
                d.active = input.active();
            }
            if (input.approvalRequired() != null) {
                d.approvalRequired = input.approvalRequired();
            }
            if (sameContent(before, d)) {
                return Uni.createFrom().item(d);
            }
            Instant now = clock.instant();
            d.version = before.version + 1;
            d.updatedAt = now;
            Uni<Void> nameCheck = Objects.equals(before.name, d.name) ? Uni.createFrom().voidItem() : requireUniqueName(d.name, d.id);
            return nameCheck.flatMap(ok -> DirectiveVersion.of(d, now).persist()).replaceWith(d);
        }));
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).flatMap(d -> {
            if (d.code != null) {
                throw new ConflictException("built-in directive " + d.code + " cannot be deleted; set active=false instead");
            }
            return d.delete();
        }));
    }

    private static Uni<Void> requireUniqueName(String name, Long exceptId) {
        Uni<Long> count = exceptId == null ? Directive.count("name", name) : Directive.count("name = ?1 and id <> ?2", name, exceptId);
        return count.map(n -> {
            if (n > 0) {
                throw new ConflictException("a directive named '" + name + "' already exists");
            }
            return null;
        });
    }

    private static Uni<Directive> find(long id) {
        return Directive.<Directive>findById(id).map(d -> {
            if (d == null) {
                throw new NotFoundException("directive", id);
            }
            return d;
        });
    }

    private static DirectiveType parseType(String raw) {
        return WireEnum.parse(DirectiveType.class, raw).orElseThrow(() ->
                new InvalidRequestException("type", "must be one of " + WireEnum.allowed(DirectiveType.class)));
    }

    private static String nonBlank(String field, String value) {
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "must not be blank");
        }
        return value.strip();
    }

    private static Directive copy(Directive d) {
        Directive c = new Directive();
        c.name = d.name;
        c.type = d.type;
        c.description = d.description;
        c.text = d.text;
        c.taskConfig = d.taskConfig;
        c.active = d.active;
        c.approvalRequired = d.approvalRequired;
        c.version = d.version;
        return c;
    }

    private static boolean sameContent(Directive a, Directive b) {
        return Objects.equals(a.name, b.name) && a.type == b.type && Objects.equals(a.description, b.description)
                && Objects.equals(a.text, b.text) && Objects.equals(a.taskConfig, b.taskConfig)
                && a.active == b.active && a.approvalRequired == b.approvalRequired;
    }
}
