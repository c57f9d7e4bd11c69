package io.cyberbrain.api.allowlist;

import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.cyberbrain.api.allowlist.AllowlistViews.ContainerInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ContainerView;
import io.cyberbrain.api.allowlist.AllowlistViews.ImageInput;
import io.cyberbrain.api.allowlist.AllowlistViews.ImageView;
import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.inventory.InventoryResource.SnapshotView;
import io.cyberbrain.api.inventory.InventoryService;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The allowlists in the web UI: containers (with a picker of those the launcher last saw) and worker images.
 * Everyone reads; admins change, as over REST.
 */
@Path("/ui/allowlist")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class AllowlistPages {

    /** Both lists, the containers seen but not yet listed, and a refused change's message. */
    public record AllowlistView(List<ContainerView> containers, List<ImageView> images, List<SnapshotView> unlisted,
                                String error) {
    }

    private final ContainerAllowlistService containers;
    private final WorkerImageService images;
    private final InventoryService inventory;
    private final Inputs inputs;
    private final UiSupport support;

    public AllowlistPages(ContainerAllowlistService containers, WorkerImageService images,
                                  InventoryService inventory, Inputs inputs, UiSupport support) {
        this.containers = containers;
        this.images = images;
        this.inventory = inventory;
        this.inputs = inputs;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("notice") String notice) {
        return view(null).map(v -> Templates.allowlist(support.user(), v, notice(notice)));
    }

    @POST
    @Path("/containers")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> addContainer(@FormParam("csrf") String csrf, @FormParam("seen") String seen,
                                    @FormParam("container_id") String containerId, @FormParam("name") String name,
                                    @FormParam("tags") String tags, @FormParam("description") String description) {
        support.checkedUser(csrf);
        return changed(() -> {
            String id = UiSupport.blank(containerId);
            String display = UiSupport.blank(name);
            // The picker posts "id name" of a container the launcher saw; typed fields win.
            if (UiSupport.blank(seen) != null) {
                String[] parts = seen.strip().split(" ", 2);
                id = id == null ? parts[0] : id;
                display = display == null && parts.length > 1 ? parts[1] : display;
            }
            List<String> tagList = tags == null || tags.isBlank() ? List.of()
                    : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            return containers.create(inputs.valid(new ContainerInput(id, display, true, tagList,
                    UiSupport.blank(description))));
        }, "added");
    }

    @POST
    @Path("/containers/{id}/{action:enable|disable|delete}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> containerAction(@PathParam("id") String id, @PathParam("action") String action,
                                       @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return changed(() -> switch (action) {
            case "enable" -> containers.setEnabled(id, true);
            case "disable" -> containers.setEnabled(id, false);
            default -> containers.delete(id);
        }, action.equals("delete") ? "removed" : action + "d");
    }

    @POST
    @Path("/images")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> addImage(@FormParam("csrf") String csrf, @FormParam("image_name") String imageName,
                                @FormParam("image_tag") String imageTag, @FormParam("needs_gpu") String needsGpu,
                                @FormParam("min_vram_mb") String minVram, @FormParam("description") String description) {
        support.checkedUser(csrf);
        return changed(() -> images.create(inputs.valid(new ImageInput(UiSupport.blank(imageName),
                UiSupport.blank(imageTag), needsGpu != null, vram(minVram), true,
                UiSupport.blank(description)))), "image-added");
    }

    @POST
    @Path("/images/{id}/delete")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> deleteImage(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return changed(() -> images.delete(id), "image-removed");
    }

    private Uni<Object> changed(java.util.function.Supplier<Uni<?>> change, String notice) {
        return Uni.createFrom().deferred(change)
                .<Object>map(ignored -> UiSupport.seeOther("/ui/allowlist?notice=" + notice))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> view(e.getMessage()).map(v -> (Object) Response
                        .status(e instanceof InvalidRequestException ? 400 : 409)
                        .entity(Templates.allowlist(support.user(), v, null)).type(MediaType.TEXT_HTML).build()));
    }

    private Uni<AllowlistView> view(String error) {
        PageRequest all = PageRequest.of(0, PageRequest.MAX_SIZE);
        return containers.list(all, null).flatMap(c -> images.list(all).flatMap(i -> inventory.latest(all).map(seen -> {
            List<ContainerView> listed = c.items().stream().map(ContainerView::of).toList();
            List<SnapshotView> unlisted = seen.items().stream().map(SnapshotView::of)
                    .filter(s -> listed.stream().noneMatch(l -> l.containerId().equals(s.containerId()))).toList();
            return new AllowlistView(listed, i.items().stream().map(ImageView::of).toList(), unlisted, error);
        })));
    }

    private static Integer vram(String value) {
        String v = UiSupport.blank(value);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("min_vram_mb", "must be a whole number of MiB");
        }
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "added" -> "Container added to the allowlist.";
            case "enabled" -> "Container enabled: tasks may read it.";
            case "disabled" -> "Container disabled: tasks leave it alone.";
            case "removed" -> "Container removed from the allowlist.";
            case "image-added" -> "Worker image allowed.";
            case "image-removed" -> "Worker image removed.";
            default -> null;
        };
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance allowlist(UiUser user, AllowlistPages.AllowlistView allowlist,
                                                        String notice);
    }
}
