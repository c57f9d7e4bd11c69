package io.cyberbrain.api.common;

import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.cyberbrain.model.error.ConflictException;
import io.cyberbrain.model.error.InvalidRequestException;
import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.model.error.NotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Maps every failure to problem+json with a useful detail. Never a stack trace or a class name:
 * unexpected errors are logged with an id that the response carries.
 */
public class ProblemMappers {

    public static final String FORBIDDEN = "your token's role may not do this";
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\[\"([A-Za-z0-9_]{1,100})\"\\]");
    private static final java.util.regex.Pattern UNRECOGNIZED = java.util.regex.Pattern.compile("Unrecognized field \"([^\"]{1,100})\"");

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return ProblemResponses.of(400, e.getMessage(), path(uri), e.fieldErrors());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return ProblemResponses.of(404, e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return ProblemResponses.of(409, e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return ProblemResponses.of(e.status(), e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.isEmpty() ? "invalid request" : errors.get(0).field() + ": " + errors.get(0).message();
        return ProblemResponses.of(400, detail, path(uri), errors);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return json(e, uri);
    }

    /** More specific than Quarkus' own mapper for this type, which answers 400 with no body. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return challenge(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        // A token that could not be looked up is not a wrong token.
        return DatabaseErrors.isUnavailable(e) ? unavailable(e, uri) : challenge(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemResponses.of(403, FORBIDDEN, path(uri));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json, uri);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed here";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "unsupported content type; send application/json";
            default -> status >= 500 ? "internal error" : "the request could not be processed";
        };
        if (status == 400 && e.getMessage() != null && cause == null) {
            detail = e.getMessage();
        }
        return ProblemResponses.of(status, detail, path(uri));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseErrors.isUniqueViolation(e)) {
            return ProblemResponses.of(409, "an entry with the same key already exists", path(uri));
        }
        if (DatabaseErrors.isForeignKeyViolation(e)) {
            return ProblemResponses.of(409, "the entry is still referenced by other data", path(uri));
        }
        if (DatabaseErrors.isUnavailable(e)) {
            return unavailable(e, uri);
        }
        String refused = DatabaseErrors.refusedValue(e);
        if (refused != null) {
            return ProblemResponses.of(400, refused, path(uri));
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s on %s", id, path(uri));
        return ProblemResponses.of(500, "internal error; reference " + id + " in the server log", path(uri));
    }

    /** A value our own deserializers refused (a date out of range) carries its field and reason. */
    private Response json(JsonProcessingException e, UriInfo uri) {
        if (e.getCause() instanceof InvalidRequestException refused) {
            // Jackson's path names the field wherever the value sat (nested, or bound through a creator).
            String field = e instanceof JsonMappingException m ? referencedField(m) : "";
            return invalid(field.isEmpty() || refused.fieldErrors().size() != 1 ? refused
                    : new InvalidRequestException(field, refused.fieldErrors().get(0).message()), uri);
        }
        return ProblemResponses.of(400, describe(e), path(uri));
    }

    /** Not the request's fault: the same request can be sent again once the database is back. */
    private static Response unavailable(Throwable e, UriInfo uri) {
        LOG.warnf("database unavailable on %s: %s", path(uri), e.getMessage());
        Response problem = ProblemResponses.of(503, "the database cannot be reached; retry in "
                + RETRY_AFTER_SECONDS + " seconds", path(uri));
        return Response.fromResponse(problem).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    private static Response challenge(UriInfo uri) {
        Response problem = ProblemResponses.of(401, "authentication required: send Authorization: Bearer <api token>", path(uri));
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"cyberbrain\"").build();
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        // Jackson wraps a syntax error met while binding a field (a body cut short) in a mapping error
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax) {
                return notJson(syntax);
            }
        }
        if (e instanceof JsonMappingException m) {
            var unknown = UNRECOGNIZED.matcher(String.valueOf(m.getOriginalMessage()));
            if (unknown.find()) {
                return "unknown field '" + unknown.group(1) + "'";
            }
            String path = referencedField(m);
            if (!path.isEmpty()) {
                return "field '" + path + "' has the wrong type or format" + expected(m.getOriginalMessage());
            }
            return "a value has the wrong type" + expected(m.getOriginalMessage())
                    + (m.getLocation() != null ? " (line " + m.getLocation().getLineNr() + ", column "
                    + m.getLocation().getColumnNr() + ")" : "");
        }
        return notJson(e);
    }

    private static String notJson(JsonProcessingException e) {
        return "the body is not valid JSON" + (e.getLocation() != null
                ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : "");
    }

    /** Jackson names the Java type it wanted; say it in JSON terms instead. */
    private static String expected(String jacksonMessage) {
        String m = String.valueOf(jacksonMessage);
        if (m.contains("`java.lang.Long`") || m.contains("`java.lang.Integer`") || m.contains("`long`") || m.contains("`int`")) {
            return ": expected a whole number";
        }
        if (m.contains("`java.lang.Boolean`") || m.contains("`boolean`")) {
            return ": expected true or false";
        }
        if (m.contains("`java.util.List") || m.contains("[]`")) {
            return ": expected a list";
        }
        if (m.contains("`java.lang.String`")) {
            return ": expected a string";
        }
        if (m.contains("`java.util.Map")) {
            return ": expected an object";
        }
        return "";
    }

    private static String referencedField(JsonMappingException m) {
        String path = fieldPath(m);
        if (path.isEmpty()) {
            // Record creators lose the path; Jackson still names it in the reference chain: X["field"]
            var chain = REFERENCE.matcher(String.valueOf(m.getMessage()));
            while (chain.find()) {
                path = chain.group(1);
            }
        }
        return path;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        });
        return sb.toString();
    }

    private static String leaf(String propertyPath) {
        // "create.arg0.name" -> "name": the method and parameter names mean nothing to a caller
        String[] parts = propertyPath.split("\\.");
        return snake(parts[parts.length - 1]);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
