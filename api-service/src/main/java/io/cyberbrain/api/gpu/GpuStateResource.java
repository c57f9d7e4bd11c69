package io.cyberbrain.api.gpu;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cyberbrain.api.common.Page;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.common.StorableInstants;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.gpu.GpuState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** GPU state as the GPU report recorded it. No GPU is a normal state: the list is then empty. */
@Path("/api/gpu-state")
@Tag(name = "GPUs", description = "GPU state samples recorded by the GPU report task")
@RolesAllowed(Role.VIEWER_ROLE)
public class GpuStateResource {

    /** The latest sample of each GPU of each host (GPU 0 of two hosts is two GPUs). */
    static final String LATEST = "from GpuState g where g.capturedAt = "
            + "(select max(g2.capturedAt) from GpuState g2 where g2.gpuIndex = g.gpuIndex"
            + " and (g2.hostName = g.hostName or (g2.hostName is null and g.hostName is null)))";

    public record GpuView(Long id, Instant capturedAt, int gpuIndex, String gpuUuid, String name, Integer memoryTotalMb,
                          Integer memoryUsedMb, Integer memoryFreeMb, Integer utilizationGpuPct, Integer utilizationMemPct,
                          Integer temperatureC, BigDecimal powerDrawW, BigDecimal powerLimitW, List<String> throttleReasons,
                          Long eccErrors, Map<String, Object> processes,
                          @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                  description = "The worker host of the GPU (null for samples before hosts)") String host) {
        static GpuView of(GpuState g) {
            Integer free = g.memoryTotalMb != null && g.memoryUsedMb != null ? g.memoryTotalMb - g.memoryUsedMb : null;
            return new GpuView(g.id, g.capturedAt, g.gpuIndex, g.gpuUuid, g.name, g.memoryTotalMb, g.memoryUsedMb, free,
                    g.utilizationGpuPct, g.utilizationMemPct, g.temperatureC, g.powerDrawW, g.powerLimitW,
                    g.throttleReasons == null ? List.of() : List.of(g.throttleReasons), g.eccErrors, g.processes, g.hostName);
        }
    }

    @GET
    @Operation(operationId = "listGpuStates", summary = "Latest state per GPU, or with history=true every sample (filter by gpu_index, since, until)")
    public Uni<Page<GpuView>> list(@QueryParam("history") boolean history, @QueryParam("gpu_index") Integer gpuIndex,
                                   @QueryParam("since") String since, @QueryParam("until") String until,
                                   @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        Instant from = StorableInstants.parameter("since", since);
        Instant to = StorableInstants.parameter("until", until);
        return Panache.withSession(() -> {
            StringBuilder hql = new StringBuilder(history ? "from GpuState g where 1 = 1" : LATEST);
            Parameters params = new Parameters();
            if (gpuIndex != null) {
                hql.append(" and g.gpuIndex = :gpu");
                params = params.and("gpu", gpuIndex);
            }
            if (from != null) {
                hql.append(" and g.capturedAt >= :since");
                params = params.and("since", from);
            }
            if (to != null) {
                hql.append(" and g.capturedAt < :until");
                params = params.and("until", to);
            }
            Sort sort = history ? Sort.descending("capturedAt").and("hostName").and("gpuIndex") : Sort.by("hostName").and("gpuIndex");
            return Page.fetch(GpuState.<GpuState>find(hql.toString(), sort, params), request);
        }).map(p -> p.map(GpuView::of));
    }
}
