package io.cyberbrain.api.common;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.cyberbrain.model.error.InvalidRequestException.FieldError;
import io.cyberbrain.redaction.Redactor;

/** Builds problem+json responses; every detail passes the redactor, since it may echo user input. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(int status, String detail, String instance) {
        return of(status, detail, instance, null);
    }

    public static Response of(int status, String detail, String instance, List<FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        List<FieldError> safeErrors = errors == null ? null : errors.stream()
                .map(e -> new FieldError(e.field(), Redactor.standard().redact(e.message()))).toList();
        Problem problem = new Problem("about:blank", title, status, Redactor.standard().redact(detail), instance, safeErrors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
