package io.cyberbrain.api.directive;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.common.Inputs;
import io.cyberbrain.api.common.PageRequest;
import io.cyberbrain.api.run.RunPages;
import io.cyberbrain.api.ui.UiPages;
import io.cyberbrain.api.ui.UiSupport;
import io.cyberbrain.api.ui.UiUser;
import io.cyberbrain.model.auth.Role;
import io.cyberbrain.model.directive.Directive;
import io.cyberbrain.model.error.CyberbrainException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.policy.ConfigSecrets;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Directives in the web UI: list, a directive with its version history, create and edit (admins). */
@Path("/ui/directives")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEWER_ROLE)
public class DirectivePages {

    /** The directive form's fields as posted. */
    public static class Fields {
        @FormParam("csrf") public String csrf;
        @FormParam("name") public String name;
        @FormParam("type") public String type;
        @FormParam("description") public String description;
        @FormParam("text") public String text;
        @FormParam("task_config") public String taskConfig;
        @FormParam("active") public String active;
        @FormParam("approval_required") public String approvalRequired;
    }

    /** The form: its fields as text, so a refused post shows exactly what was typed. */
    public record FormView(Long id, String code, String name, String type, String description, String text,
                           String taskConfig, boolean active, boolean approvalRequired, String error) {

        public boolean isNew() {
            return id == null;
        }

        public boolean typeIs(String candidate) {
            return candidate.equals(type);
        }
    }

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final DirectiveService directives;
    private final Inputs inputs;
    private final ObjectMapper mapper;
    private final UiSupport support;

    public DirectivePages(DirectiveService directives, Inputs inputs, ObjectMapper mapper, UiSupport support) {
        this.directives = directives;
        this.inputs = inputs;
        this.mapper = mapper;
        this.support = support;
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list() {
        return directives.list(PageRequest.of(0, PageRequest.MAX_SIZE), null).map(p -> Templates.directives(support.user(),
                p.items().stream().map(DirectiveView::of).toList()));
    }

    @GET
    @Path("/new")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Operation(hidden = true)
    public TemplateInstance newForm() {
        return Templates.directiveForm(support.user(), new FormView(null, null, "", "log_triage", "", "", "{}", true, false,
                null), List.of());
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> detail(@PathParam("id") long id, @QueryParam("notice") String notice) {
        return directives.get(id).flatMap(d -> directives.versions(id).map(versions -> Templates.directiveForm(
                support.user(), formOf(d, null),
                versions.stream().map(DirectiveView.Version::of).toList())));
    }

    @POST
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> create(@BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> directives.create(input(fields, true)), fields, null);
    }

    @POST
    @Path("/{id}")
    @RolesAllowed(Role.ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Object> update(@PathParam("id") long id, @BeanParam Fields fields) {
        support.checkedUser(fields.csrf);
        return saved(() -> directives.update(id, input(fields, false)), fields, id);
    }

    private Uni<Object> saved(java.util.function.Supplier<Uni<? extends Directive>> save, Fields f, Long id) {
        return Uni.createFrom().<Directive>deferred(save)
                .<Object>map(d -> UiSupport.seeOther("/ui/directives/" + d.id + "?notice=saved"))
                .onFailure(CyberbrainException.class).recoverWithUni(e -> (id == null
                        ? Uni.createFrom().item(List.<DirectiveView.Version>of())
                        : directives.versions(id).map(v -> v.stream().map(DirectiveView.Version::of).toList()))
                        .map(versions -> (Object) Response.status(e instanceof InvalidRequestException ? 400 : 409)
                                .entity(Templates.directiveForm(support.user(), new FormView(id, null, f.name, f.type,
                                        f.description, f.text, f.taskConfig, f.active != null, f.approvalRequired != null,
                                        e.getMessage()), versions)).type(MediaType.TEXT_HTML).build()));
    }

    private DirectiveInput input(Fields f, boolean creating) {
        Map<String, Object> config;
        try {
            config = f.taskConfig == null || f.taskConfig.isBlank() ? Map.of() : mapper.readValue(f.taskConfig, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("task_config", "must be a JSON object, such as {\"log_triage\": {\"top_templates\": 20}}");
        }
        return inputs.valid(new DirectiveInput(UiSupport.blank(f.name), creating ? f.type : null,
                f.description == null ? null : f.description.strip(), UiSupport.blank(f.text), config,
                f.active != null, f.approvalRequired != null));
    }

    private FormView formOf(Directive d, String error) {
        String config;
        try {
            config = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(d.taskConfig == null ? Map.of() : ConfigSecrets.masked(d.taskConfig));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new FormView(d.id, d.code, d.name, d.type.wire(), d.description, d.text, config, d.active,
                d.approvalRequired, error);
    }

    /** This page's type-checked templates (src/main/resources/templates/ui/). */
    @CheckedTemplate(basePath = "ui")
    static class Templates {

        public static native TemplateInstance directives(UiUser user, List<DirectiveView> directives);
        public static native TemplateInstance directiveForm(UiUser user, DirectivePages.FormView form,
                                                            List<DirectiveView.Version> versions);
    }
}
