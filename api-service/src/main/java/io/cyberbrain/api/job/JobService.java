package io.cyberbrain.api.job;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.config.ConfigSecretsCheck;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.NotFoundException;
import io.cyberbrain.model.job.Job;
import io.cyberbrain.model.job.TaskKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class JobService {

    private final Clock clock;

    public JobService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Page<Job>> list(PageRequest page) {
        return Panache.withSession(() -> {
            return Page.fetch(Job.<Job>findAll(Sort.by("id")), page);
        });
    }

    /** By id, task key or the original alias (task1..task3). */
    public Uni<Job> get(String idOrKey) {
        return Panache.withSession(() -> find(idOrKey));
    }

    public Uni<Job> update(String idOrKey, JobView.Update update) {
        return Panache.withTransaction(() -> find(idOrKey).flatMap(job -> {
            Uni<Void> directiveCheck = update.defaultDirectiveId() == null ? Uni.createFrom().voidItem()
                    : Directive.<Directive>findById(update.defaultDirectiveId()).map(d -> {
                        if (d == null) {
                            throw new InvalidRequestException("default_directive_id", "directive " + update.defaultDirectiveId() + " does not exist");
                        }
                        if (d.type != job.taskKey.directiveType()) {
                            throw new InvalidRequestException("default_directive_id", "directive " + d.name + " is for " + d.type.wire()
                                    + ", not " + job.taskKey.wire());
                        }
                        return null;
                    });
            return directiveCheck.map(ok -> {
                if (update.defaultDirectiveId() != null) {
                    job.defaultDirectiveId = update.defaultDirectiveId();
                }
                if (update.defaultConfig() != null) {
                    ConfigSecretsCheck.requireNone("default_config", update.defaultConfig());
                    job.defaultConfig = update.defaultConfig();
                }
                if (update.enabled() != null) {
                    job.enabled = update.enabled();
                }
                if (update.timeoutSeconds() != null) {
                    job.timeoutSeconds = update.timeoutSeconds();
                }
                if (update.description() != null) {
                    job.description = update.description();
                }
                job.updatedAt = clock.instant();
                return job;
            });
        }));
    }

    private static Uni<Job> find(String idOrKey) {
        var key = TaskKey.parse(idOrKey);
        if (key.isPresent()) {
            return Job.<Job>find("taskKey", key.get()).firstResult().map(j -> require(j, idOrKey));
        }
        long id;
        try {
            id = Long.parseLong(idOrKey);
        } catch (NumberFormatException e) {
            throw new NotFoundException("job", idOrKey);
        }
        return Job.<Job>findById(id).map(j -> require(j, idOrKey));
    }

    private static Job require(Job job, String idOrKey) {
        if (job == null) {
            throw new NotFoundException("job", idOrKey);
        }
        return job;
    }
}
