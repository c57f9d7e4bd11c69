package io.cyberbrain.model.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * POSTs JSON to a webhook and classifies the answer: 2xx sent; 429, 408 and 5xx worth retrying (429 with
 * the wait the receiver asked for); any other status is a rejection that retrying will not fix. Reasons name
 * the host only: a webhook URL's path is its credential.
 */
@ApplicationScoped
public class JsonPoster {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_BODY_IN_REASON = 200;
    static final ObjectMapper MAPPER = new ObjectMapper();

    // Redirects are not followed, so a payload never goes to a host the operator did not configure. HTTP/1.1,
    // because the JDK's cleartext HTTP/2 upgrade on a POST trips up some receivers and proxies.
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    public DeliveryResult post(URI url, Object payload) {
        String host = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "cyberbrain-orchestrator")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(payload))).build();
            return classify(client.send(request, HttpResponse.BodyHandlers.ofString()), host);
        } catch (HttpTimeoutException e) {
            return DeliveryResult.retryable(host + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + "s");
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(url.toString(), host);
            return DeliveryResult.retryable("could not reach " + host + ": " + detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retryable("interrupted while sending to " + host);
        }
    }

    static DeliveryResult classify(HttpResponse<String> response, String host) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryResult.sent();
        }
        String reason = "HTTP " + status + " from " + host + body(response.body());
        if (status == 429) {
            return DeliveryResult.retryable(reason, retryAfter(response).orElse(null));
        }
        if (status == 408 || status >= 500) {
            return DeliveryResult.retryable(reason);
        }
        return DeliveryResult.permanent(status >= 300 && status < 400 ? reason + " (redirects are not followed)" : reason);
    }

    /** Discord says {@code "retry_after": 1.5} (seconds) in the body; anyone may send {@code Retry-After: 2}. */
    static Optional<Duration> retryAfter(HttpResponse<String> response) {
        try {
            JsonNode seconds = MAPPER.readTree(response.body()).get("retry_after");
            if (seconds != null && seconds.isNumber() && seconds.asDouble() >= 0) {
                return Optional.of(Duration.ofMillis((long) Math.ceil(seconds.asDouble() * 1000)));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the header
        }
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String body(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() <= MAX_BODY_IN_REASON ? flat : flat.substring(0, MAX_BODY_IN_REASON) + "...");
    }
}
