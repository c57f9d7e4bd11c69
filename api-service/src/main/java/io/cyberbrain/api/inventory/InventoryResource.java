package io.cyberbrain.api.inventory;

import java.time.Instant;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.inventory.ContainerSnapshot;
import io.smallrye.mutiny.Uni;

/** The containers the worker-launcher last saw (it writes the snapshots while running service maps). */
@Path("/api/container-inventory")
@Tag(name = "Container inventory", description = "Snapshots of the containers the service-map task has seen")
@RolesAllowed(Role.VIEWER_ROLE)
public class InventoryResource {

    private final InventoryService inventory;

    public InventoryResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    public record SnapshotView(Long id, Instant snapshotAt, String containerId, String name, String image, String state,
                               String status, String composeProject, String composeService, Map<String, String> labels,
                               Map<String, Object> networks, Map<String, Object> ports,
                               @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                       description = "The worker host whose engine runs it (null for snapshots before hosts)")
                               String host) {
        public static SnapshotView of(ContainerSnapshot s) {
            return new SnapshotView(s.id, s.snapshotAt, s.containerId, s.name, s.image, s.state, s.statusText,
                    s.composeProject, s.composeService, s.labels, s.networks, s.ports, s.hostName);
        }
    }

    @GET
    @Operation(operationId = "listContainerInventory", summary = "The latest snapshot of every container seen")
    public Uni<Page<SnapshotView>> latest(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return inventory.latest(PageRequest.of(page, size)).map(p -> p.map(SnapshotView::of));
    }

    @GET
    @Path("/{containerId}/history")
    @Operation(operationId = "getContainerInventoryHistory", summary = "Every snapshot of one container, newest first")
    public Uni<Page<SnapshotView>> history(@PathParam("containerId") String containerId, @QueryParam("page") Integer page,
                                           @QueryParam("size") Integer size) {
        return inventory.history(containerId, PageRequest.of(page, size)).map(p -> p.map(SnapshotView::of));
    }
}
