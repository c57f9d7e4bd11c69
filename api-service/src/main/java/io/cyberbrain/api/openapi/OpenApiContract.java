package io.cyberbrain.api.openapi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

import io.cyberbrain.api.common.Problem;
import io.cyberbrain.api.common.WireNamingStrategy;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Makes the generated OpenAPI document say what the wire does, so a client generated from it works:
 * <ul>
 * <li>objects refuse undeclared properties ({@code additionalProperties: false}), as the API refuses unknown fields;</li>
 * <li>a property is nullable exactly when its record component is not a primitive, since nulls are written, not
 * left out; in schemas only answers use, every property is required, since every property is always written;</li>
 * <li>errors are problem+json with the statuses the API really answers;</li>
 * <li>the bearer scheme is an opaque API token, and the server is this one (a relative URL).</li>
 * </ul>
 * The contract test validates real answers of every operation against the result.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD) // at build time, where the application's index is at hand
public class OpenApiContract implements OASFilter {

    static final String PROBLEM = "Problem";
    private static final DotName JSON_PROPERTY = DotName.createSimple("com.fasterxml.jackson.annotation.JsonProperty");
    private static final String OWN_PACKAGE = "io.cyberbrain.";
    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    /** Wire property names of each record of ours, to whether each may be null. */
    private final List<Map<String, Boolean>> records = new ArrayList<>();

    public OpenApiContract(IndexView index) {
        WireNamingStrategy naming = new WireNamingStrategy();
        for (ClassInfo c : index.getKnownClasses()) {
            if (!c.isRecord() || !c.name().toString().startsWith(OWN_PACKAGE)) {
                continue;
            }
            Map<String, Boolean> nullable = new HashMap<>();
            for (RecordComponentInfo rc : c.recordComponents()) {
                AnnotationInstance renamed = rc.annotation(JSON_PROPERTY);
                if (renamed == null && c.field(rc.name()) != null) {
                    renamed = c.field(rc.name()).annotation(JSON_PROPERTY);
                }
                String wire = renamed != null && renamed.value() != null && !renamed.value().asString().isEmpty()
                        ? renamed.value().asString() : naming.translate(rc.name());
                nullable.put(wire, rc.type().kind() != Type.Kind.PRIMITIVE);
            }
            records.add(nullable);
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("no records in the index: nullability of the OpenAPI schemas cannot be derived");
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.setServers(List.of(OASFactory.createServer().url("/")
                .description("This service (the document is served by the API it describes)")));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Map<String, SecurityScheme> schemes = openAPI.getComponents().getSecuritySchemes();
        if (schemes != null) {
            schemes.values().forEach(s -> {
                s.setBearerFormat(null);
                s.setDescription("An API token (cb_...), opaque: created by an admin (POST /api/tokens or the web UI), "
                        + "sent as Authorization: Bearer <token>. Its role (viewer, operator, admin; alerts: only posts alerts) decides what it may do.");
            });
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(openAPI.getComponents().getSchemas());
        schemas.put(PROBLEM, problemSchema());
        openAPI.getComponents().setSchemas(schemas);

        Set<String> inRequests = new HashSet<>();
        Set<String> inResponses = new HashSet<>();
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
                documentErrors(path, method.name().toLowerCase(java.util.Locale.ROOT), op);
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    op.getRequestBody().getContent().getMediaTypes().values()
                            .forEach(m -> reach(m.getSchema(), schemas, inRequests));
                }
                if (op.getResponses() != null) {
                    op.getResponses().getAPIResponses().values().stream()
                            .filter(r -> r.getContent() != null)
                            .flatMap(r -> r.getContent().getMediaTypes().values().stream())
                            .forEach(m -> reach(m.getSchema(), schemas, inResponses));
                }
            }));
        }
        schemas.forEach((name, schema) -> {
            if (schema.getProperties() == null || schema.getProperties().isEmpty() || PROBLEM.equals(name)) {
                return;
            }
            if (schema.getAdditionalPropertiesSchema() == null && schema.getAdditionalPropertiesBoolean() == null) {
                schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
            }
            markNullable(schema);
            if (inResponses.contains(name) && !inRequests.contains(name)) {
                schema.setRequired(new ArrayList<>(new TreeSet<>(schema.getProperties().keySet())));
            }
        });
    }

    /** Nullable where every record with exactly these properties allows null there (never a guess). */
    private void markNullable(Schema schema) {
        Set<String> names = schema.getProperties().keySet();
        List<Map<String, Boolean>> matching = records.stream().filter(r -> r.keySet().equals(names)).toList();
        if (matching.isEmpty()) {
            return;
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        schema.getProperties().forEach((name, property) -> {
            boolean nullable = matching.stream().anyMatch(r -> r.get(name));
            properties.put(name, nullable ? nullable(property) : property);
        });
        schema.setProperties(properties);
    }

    private static Schema nullable(Schema property) {
        if (property.getRef() != null) {
            Schema wrapped = OASFactory.createSchema()
                    .anyOf(List.of(OASFactory.createSchema().ref(property.getRef()), OASFactory.createSchema().addType(SchemaType.NULL)));
            wrapped.setDescription(property.getDescription());
            return wrapped;
        }
        if (property.getType() != null && !property.getType().isEmpty() && !property.getType().contains(SchemaType.NULL)) {
            property.addType(SchemaType.NULL);
        }
        return property;
    }

    private static void reach(Schema schema, Map<String, Schema> components, Set<String> reached) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            if (reached.add(name)) {
                reach(components.get(name), components, reached);
            }
            return;
        }
        reach(schema.getItems(), components, reached);
        reach(schema.getAdditionalPropertiesSchema(), components, reached);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> reach(p, components, reached));
        }
        java.util.stream.Stream.of(schema.getAnyOf(), schema.getAllOf(), schema.getOneOf())
                .filter(java.util.Objects::nonNull)
                .forEach(group -> group.forEach(s -> reach(s, components, reached)));
    }

    /** The error statuses the API answers, each a problem+json document. */
    private static void documentErrors(String path, String method, Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        op.setResponses(responses);
        boolean body = op.getRequestBody() != null;
        boolean parameters = op.getParameters() != null && !op.getParameters().isEmpty();
        if (body || parameters) {
            problem(responses, "400", "The request is invalid (an unknown field, a wrong type, a value out of range); "
                    + "the problem names the field");
        }
        if (op.getSecurity() != null && !op.getSecurity().isEmpty()) {
            problem(responses, "401", "No API token, or one that is unknown or revoked");
            problem(responses, "403", "The token's role may not do this");
        }
        if (path.contains("{")) {
            problem(responses, "404", "No such resource");
        }
        if (WRITES.contains(method) && !path.endsWith("/preview") && !path.endsWith("/search") && !path.endsWith("/test")) {
            problem(responses, "409", "Conflicts with the stored state (a duplicate key, a reference still in use, "
                    + "or a state that does not allow this)");
        }
        if (body) {
            problem(responses, "413", "The body is larger than the configured limit");
            problem(responses, "415", "Unsupported content type");
        }
        problem(responses, "503", "The database is unreachable for now; retry after the Retry-After seconds");
        responses.getAPIResponses().values().forEach(r -> {
            // an empty content map (a method answering a raw Response) would promise a body with no shape
            if (r.getContent() != null && r.getContent().getMediaTypes().values().stream().allMatch(m -> m.getSchema() == null)) {
                r.setContent(null);
            }
        });
    }

    private static void problem(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        APIResponse response = existing != null && existing.getContent() != null && existing.getDescription() != null
                && !existing.getDescription().isBlank() && !"Bad Request".equals(existing.getDescription())
                && !"Not Authorized".equals(existing.getDescription()) && !"Not Allowed".equals(existing.getDescription())
                ? existing : OASFactory.createAPIResponse().description(description);
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
        response.setContent(content);
        responses.addAPIResponse(status, response);
    }

    private static Schema problemSchema() {
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(SchemaType.STRING).description("The field, as named on the wire"))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING))
                .required(List.of("field", "message"));
        fieldError.setAdditionalPropertiesBoolean(Boolean.FALSE);
        Schema problem = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details, the body of every error")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError))
                .required(List.of("type", "title", "status"));
        problem.setAdditionalPropertiesBoolean(Boolean.FALSE);
        return problem;
    }
}
