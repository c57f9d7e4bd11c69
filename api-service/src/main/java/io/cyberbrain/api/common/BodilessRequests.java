package io.cyberbrain.api.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * A POST, PUT or PATCH to the API with no body and no Content-Type is read as an empty JSON body, as the original
 * API did ({@code curl -X POST .../api/runs/7/approve}); otherwise the JSON endpoints answer 415 to a request
 * that sent nothing to mis-type. A request that carries a body still has to say what it is.
 */
@ApplicationScoped
public class BodilessRequests {

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 3).handler(rc -> {
            HttpServerRequest r = rc.request();
            if (bodiless(r)) {
                r.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            rc.next();
        });
    }

    static boolean bodiless(HttpServerRequest r) {
        HttpMethod m = r.method();
        if (!(HttpMethod.POST.equals(m) || HttpMethod.PUT.equals(m) || HttpMethod.PATCH.equals(m))
                || r.getHeader(HttpHeaders.CONTENT_TYPE) != null || r.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null || length.strip().equals("0");
    }
}
