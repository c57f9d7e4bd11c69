package io.cyberbrain.api.allowlist;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.cyberbrain.model.allowlist.AllowedContainer;
import io.cyberbrain.model.allowlist.WorkerImage;

public final class AllowlistViews {

    /** Docker ids: 12 (short) to 64 lower-case hex characters. */
    static final String CONTAINER_ID = "[0-9a-f]{12,64}";
    static final String CONTAINER_NAME = "/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}";
    /** Repository path with an optional registry host[:port], as Docker's reference grammar allows. */
    static final String IMAGE_NAME = "([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*";
    static final String IMAGE_TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    static final String TAG = "[A-Za-z0-9_.:-]{1,64}";

    private AllowlistViews() {
    }

    public record ContainerInput(
            @Pattern(regexp = CONTAINER_ID, message = "must be a Docker container id: 12 to 64 lower-case hex characters") String containerId,
            @Pattern(regexp = CONTAINER_NAME, message = "must be a Docker container name") String name,
            Boolean enabled,
            @Size(max = 32) List<@Pattern(regexp = TAG, message = "tags are 1-64 letters, digits or . _ : -") String> tags,
            @Size(max = 2000) String description) {
    }

    public record ContainerView(String containerId, String name, boolean enabled, List<String> tags, String description,
                                Instant createdAt, Instant updatedAt) {
        public static ContainerView of(AllowedContainer c) {
            return new ContainerView(c.containerId, c.name, c.enabled, c.tags == null ? List.of() : List.of(c.tags), c.description,
                    c.createdAt, c.updatedAt);
        }
    }

    public record ImageInput(
            @Size(max = 300) @Pattern(regexp = IMAGE_NAME, message = "must be an image name such as ghcr.io/acme/worker") String imageName,
            @Pattern(regexp = IMAGE_TAG, message = "must be an image tag such as 1.2.0") String imageTag,
            Boolean needsGpu,
            @Min(0) @Max(1_048_576) Integer minVramMb,
            Boolean enabled,
            @Size(max = 2000) String description) {
    }

    public record ImageView(Long id, String imageName, String imageTag, String reference, boolean needsGpu, int minVramMb,
                            boolean enabled, String description, Instant createdAt, Instant updatedAt) {
        public static ImageView of(WorkerImage i) {
            return new ImageView(i.id, i.imageName, i.imageTag, i.reference(), i.needsGpu, i.minVramMb, i.enabled,
                    i.description, i.createdAt, i.updatedAt);
        }
    }
}
