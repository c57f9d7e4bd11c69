package io.cyberbrain.model.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * POSTs JSON to a webhook and classifies the answer: 2xx sent; 429, 408 and 5xx worth retrying (429 with
 * the wait the receiver asked for); any other status is a rejection that retrying will not fix. Reasons name
 * the host and the status only: a webhook URL's path is its credential, and the receiver's body is never
 * repeated (a target pointed at an internal service would otherwise read that service out).
 *
 * <p>The host is resolved and checked by the {@link EgressPolicy} before each post, and the connection goes
 * to that checked address (the Host header and TLS name stay the URL's host), so DNS cannot swap it.
 * Blocking: call from a worker thread.
 */
@ApplicationScoped
public class JsonPoster {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Enough for Discord's {@code retry_after}; the rest of a large answer is dropped unread. */
    static final int MAX_BODY_READ = 16 * 1024;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final EgressPolicy egress;
    // Redirects are not followed, so a payload never goes to a host the operator did not configure. HTTP/1.1,
    // because a cleartext HTTP/2 upgrade on a POST trips up some receivers and proxies. No pooling: one post
    // per notice, and a kept connection would outlive the address check.
    private final HttpClient client;

    public JsonPoster(Vertx vertx, EgressPolicy egress) {
        this.egress = egress;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()).setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(false).setVerifyHost(true).setForceSni(true));
    }

    /** What came back: the status, the {@code Retry-After} header and the start of the body. */
    record Answer(int status, String retryAfterHeader, String body) {
    }

    public DeliveryResult post(URI url, Object payload) {
        boolean https = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        String host = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        String bareHost = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        InetAddress address;
        try {
            address = egress.resolve(url.getHost());
        } catch (EgressRefusedException e) {
            return DeliveryResult.permanent(e.getMessage());
        } catch (UnknownHostException e) {
            return DeliveryResult.retryable("could not reach " + host + ": the name does not resolve");
        }
        try {
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                    .setHost(bareHost).setPort(port).setSsl(https).setURI(path)
                    .setFollowRedirects(false).setIdleTimeout(REQUEST_TIMEOUT.toMillis())
                    .putHeader("Content-Type", "application/json").putHeader("User-Agent", "cyberbrain-orchestrator");
            Buffer body = Buffer.buffer(MAPPER.writeValueAsBytes(payload));
            Future<Answer> answer = client.request(options).compose(request -> request.send(body)).compose(JsonPoster::read);
            return classify(answer.toCompletionStage().toCompletableFuture()
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), host);
        } catch (TimeoutException e) {
            return DeliveryResult.retryable(host + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage().replace(url.toString(), host);
            return DeliveryResult.retryable("could not reach " + host + ": " + detail);
        } catch (IOException e) {
            return DeliveryResult.permanent("the notice could not be written as JSON: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retryable("interrupted while sending to " + host);
        }
    }

    /** Reads at most {@link #MAX_BODY_READ} bytes of the answer. */
    private static Future<Answer> read(HttpClientResponse response) {
        Promise<Answer> done = Promise.promise();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            int room = MAX_BODY_READ - body.length();
            if (room > 0) {
                body.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> done.tryComplete(new Answer(response.statusCode(),
                response.getHeader("Retry-After"), body.toString())));
        return done.future();
    }

    static DeliveryResult classify(Answer answer, String host) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return DeliveryResult.sent();
        }
        String reason = "HTTP " + status + " from " + host;
        if (status == 429) {
            return DeliveryResult.retryable(reason, retryAfter(answer).orElse(null));
        }
        if (status == 408 || status >= 500) {
            return DeliveryResult.retryable(reason);
        }
        return DeliveryResult.permanent(status >= 300 && status < 400 ? reason + " (redirects are not followed)" : reason);
    }

    /** Discord says {@code "retry_after": 1.5} (seconds) in the body; anyone may send {@code Retry-After: 2}. */
    static Optional<Duration> retryAfter(Answer answer) {
        try {
            JsonNode seconds = MAPPER.readTree(answer.body()).get("retry_after");
            if (seconds != null && seconds.isNumber() && seconds.asDouble() >= 0) {
                return Optional.of(Duration.ofMillis((long) Math.ceil(seconds.asDouble() * 1000)));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the header
        }
        return Optional.ofNullable(answer.retryAfterHeader()).flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
