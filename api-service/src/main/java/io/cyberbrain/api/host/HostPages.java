package io.cyberbrain.api.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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

import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.host.HostViews.HostPatch;
import io.cyberbrain.api.host.HostViews.HostView;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.host.Target;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The worker hosts in the web UI: what each launcher registered, whether it heart-beats, what it runs; admins drain,
 * disable or enable a host, change its labels and remove an offline one, as over REST.
 */
@Path("/ui/hosts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class HostPages {

    /** The hosts and a refused change's message. */
    public record HostsView(List<HostRow> hosts, String error) {
    }

    /** A host with its labels as the form edits them ({@code key=value, ...}). */
    public record HostRow(HostView host, String labelText, String gpuText) {

        static HostRow of(HostView h) {
            List<String> labels = new ArrayList<>();
            h.labels().forEach((k, v) -> labels.add(k + "=" + v));
            List<String> gpus = h.gpus().stream().map(g -> g.index() + ": " + (g.model() == null ? "GPU" : g.model())
                    + (g.memoryTotalMb() == null ? "" : " (" + g.memoryTotalMb() + " MiB)")).toList();
            return new HostRow(h, String.join(", ", labels), String.join("; ", gpus));
        }
    }

    private final WorkerHostService hosts;
    private final UiSupport support;

    public HostPages(WorkerHostService hosts, UiSupport support) {
        this.hosts = hosts;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> page(@QueryParam("notice") String notice) {
        return view(null).map(v -> Templates.hosts(support.user(), v, notice(notice)));
    }

    @POST
    @Path("/{id}/{state:enabled|draining|disabled}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> setState(@PathParam("id") long id, @PathParam("state") String state, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return changed(() -> hosts.update(id, new HostPatch(null, state)), state);
    }

    @POST
    @Path("/{id}/labels")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> setLabels(@PathParam("id") long id, @FormParam("csrf") String csrf, @FormParam("labels") String labels) {
        support.checkedUser(csrf);
        return changed(() -> hosts.update(id, new HostPatch(parse(labels), null)), "labels");
    }

    @POST
    @Path("/{id}/delete")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> delete(@PathParam("id") long id, @FormParam("csrf") String csrf) {
        support.checkedUser(csrf);
        return changed(() -> hosts.delete(id), "removed");
    }

    private static Map<String, String> parse(String text) {
        List<String> problems = new ArrayList<>();
        List<String> pairs = text == null ? List.of() : Arrays.asList(text.split(","));
        Map<String, String> labels = Target.labelsFromPairs(pairs, "labels", (field, message) -> problems.add(message));
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("labels", String.join("; ", problems));
        }
        return labels;
    }

    private Uni<Object> changed(java.util.function.Supplier<Uni<?>> change, String notice) {
        return Uni.createFrom().deferred(change)
                .<Object>map(ignored -> UiSupport.seeOther("/ui/hosts?notice=" + notice))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> view(e.getMessage()).map(v -> (Object) Response
                        .status(e instanceof InvalidRequestException ? 400 : 409)
                        .entity(Templates.hosts(support.user(), v, null)).type(MediaType.TEXT_HTML).build()));
    }

    private Uni<HostsView> view(String error) {
        return hosts.list(PageRequest.of(0, PageRequest.MAX_SIZE))
                .map(p -> new HostsView(p.items().stream().map(HostRow::of).toList(), error));
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "enabled" -> "Host enabled: it claims jobs.";
            case "draining" -> "Host draining: it finishes what it runs and claims nothing new.";
            case "disabled" -> "Host disabled: it claims nothing.";
            case "labels" -> "Labels saved.";
            case "removed" -> "Host removed.";
            default -> null;
        };
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance hosts(UiUser user, HostPages.HostsView view, String notice);
    }
}
