package io.cyberbrain.api.allowlist;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.api.allowlist.AllowlistViews.ImageInput;
import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.allowlist.WorkerImage;
import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WorkerImageService {

    private final Clock clock;

    public WorkerImageService(Clock clock) {
        this.clock = clock;
    }

    public Uni<Page<WorkerImage>> list(PageRequest page) {
        return Panache.withSession(() -> {
            return Page.fetch(WorkerImage.<WorkerImage>findAll(Sort.by("imageName", "imageTag")), page);
        });
    }

    public Uni<WorkerImage> get(long id) {
        return Panache.withSession(() -> find(id));
    }

    public Uni<WorkerImage> create(ImageInput input) {
        if (input.imageName() == null) {
            throw new InvalidRequestException("image_name", "is required");
        }
        if (input.imageTag() == null) {
            throw new InvalidRequestException("image_tag", "is required (the allowlist pins a tag; 'latest' is allowed but discouraged)");
        }
        Instant now = clock.instant();
        WorkerImage image = new WorkerImage();
        image.imageName = input.imageName();
        image.imageTag = input.imageTag();
        image.needsGpu = Boolean.TRUE.equals(input.needsGpu());
        image.minVramMb = input.minVramMb() == null ? 0 : input.minVramMb();
        image.enabled = input.enabled() == null || input.enabled();
        image.description = input.description();
        image.createdAt = now;
        image.updatedAt = now;
        return Panache.withTransaction(() -> requireUnique(image.imageName, image.imageTag, null).flatMap(ok -> image.persist()));
    }

    public Uni<WorkerImage> update(long id, ImageInput input) {
        return Panache.withTransaction(() -> find(id).flatMap(image -> {
            String name = input.imageName() != null ? input.imageName() : image.imageName;
            String tag = input.imageTag() != null ? input.imageTag() : image.imageTag;
            return requireUnique(name, tag, id).map(ok -> {
                image.imageName = name;
                image.imageTag = tag;
                if (input.needsGpu() != null) {
                    image.needsGpu = input.needsGpu();
                }
                if (input.minVramMb() != null) {
                    image.minVramMb = input.minVramMb();
                }
                if (input.enabled() != null) {
                    image.enabled = input.enabled();
                }
                if (input.description() != null) {
                    image.description = input.description();
                }
                image.updatedAt = clock.instant();
                return image;
            });
        }));
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).flatMap(WorkerImage::delete));
    }

    private static Uni<Void> requireUnique(String name, String tag, Long exceptId) {
        Uni<Long> count = exceptId == null
                ? WorkerImage.count("imageName = ?1 and imageTag = ?2", name, tag)
                : WorkerImage.count("imageName = ?1 and imageTag = ?2 and id <> ?3", name, tag, exceptId);
        return count.map(n -> {
            if (n > 0) {
                throw new ConflictException("image " + name + ":" + tag + " is already on the allowlist");
            }
            return null;
        });
    }

    private static Uni<WorkerImage> find(long id) {
        return WorkerImage.<WorkerImage>findById(id).map(i -> {
            if (i == null) {
                throw new NotFoundException("worker image", id);
            }
            return i;
        });
    }
}
