package io.cyberbrain.api.common;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body that is too large before it is read, as problem+json: Quarkus' own limit
 * ({@code quarkus.http.limits.max-body-size}) would answer 413 with an empty body. A feature may set its own limit
 * for its paths ({@link BodyAllowance}, e.g. uploads), never above Quarkus' limit. A chunked body (no
 * Content-Length) is still cut by Quarkus' limit.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBody;
    private final List<BodyAllowance> allowances;
    private final ObjectMapper mapper;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
                           Instance<BodyAllowance> allowances, ObjectMapper mapper) {
        this.maxBody = maxBody.asLongValue();
        this.allowances = allowances.stream().toList();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        // Right after LegacyPathFilter's rewrite, before authentication and before any body is read.
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    void check(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length == null) {
            rc.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            rc.next();
            return;
        }
        String path = rc.normalizedPath();
        Optional<BodyAllowance.Limit> own = allowances.stream().map(a -> a.limitFor(path)).flatMap(Optional::stream).findFirst();
        long limit = own.map(l -> Math.min(maxBody, l.bytes())).orElse(maxBody);
        if (declared <= limit) {
            rc.next();
            return;
        }
        String detail = own.isPresent() && own.get().bytes() < maxBody
                ? own.get().describe().apply(declared)
                : "the request body has " + declared + " bytes; the limit is " + maxBody;
        Problem problem = new Problem("about:blank", "Request Entity Too Large", 413, detail, path, null);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413}";
        }
        rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close").end(body);
    }
}
