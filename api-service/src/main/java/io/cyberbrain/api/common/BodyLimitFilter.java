package io.cyberbrain.api.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.api.rag.RagConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body that is too large before it is read, as problem+json: Quarkus' own limit
 * ({@code quarkus.http.limits.max-body-size}) would answer 413 with an empty body. An upload may be as large as
 * {@code cyberbrain.rag.max-upload-bytes} plus room for the multipart envelope; whether the file itself fits is
 * checked again once it is received. A chunked body (no Content-Length) is still cut by Quarkus' limit.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Multipart boundaries and part headers around the file. */
    static final long ENVELOPE_BYTES = 64 * 1024;

    private final long maxBody;
    private final long maxUpload;
    private final ObjectMapper mapper;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody, RagConfig rag,
                           ObjectMapper mapper) {
        this.maxBody = maxBody.asLongValue();
        this.maxUpload = rag.maxUploadBytes();
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
        boolean upload = path.startsWith("/api/rag/upload");
        long limit = upload ? Math.min(maxBody, maxUpload + ENVELOPE_BYTES) : maxBody;
        if (declared <= limit) {
            rc.next();
            return;
        }
        String detail = upload
                ? "the upload has " + declared + " bytes; files may have at most " + maxUpload + " (cyberbrain.rag.max-upload-bytes)"
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
