package io.cyberbrain.model.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.vertx.core.Vertx;

/** The poster connects to the address the policy checked and never repeats what the receiver said. */
class JsonPosterEgressTest {

    static final String CANARY = "internal-admin-token-7f3a";

    Vertx vertx;
    HttpServer server;
    final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    volatile int status = 204;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = ("{\"token\":\"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
            if (status != 204) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private URI url(String host) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/hook");
    }

    private JsonPoster poster(List<String> cidrs) {
        return new JsonPoster(vertx, new EgressPolicy(List.of(), cidrs,
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}));
    }

    @Test
    void aLoopbackReceiverIsRefusedWithoutAConnection() {
        DeliveryResult r = poster(List.of()).post(url("127.0.0.1"), Map.of("event", "test"));

        assertFalse(r.isSent());
        assertFalse(r.isRetryable());
        assertTrue(r.reason().contains("a loopback address"), r.reason());
        assertEquals(List.of(), hostHeaders);
    }

    @Test
    void aNameThatResolvesInternallyAtSendTimeIsRefused() {
        DeliveryResult r = poster(List.of()).post(url("rebound.example"), Map.of("event", "test"));

        assertTrue(r.reason().contains("host rebound.example resolves to 127.0.0.1, a loopback address"), r.reason());
        assertEquals(List.of(), hostHeaders);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheUrlsHostInTheHeader() {
        // "hook.example" exists only in the policy's resolver: the post can only arrive if it used that answer.
        DeliveryResult r = poster(List.of("127.0.0.1/32")).post(url("hook.example"), Map.of("event", "test"));

        assertTrue(r.isSent(), String.valueOf(r.reason()));
        assertEquals(List.of("hook.example:" + server.getAddress().getPort()), hostHeaders);
    }

    @Test
    void aFailureGivesTheStatusButNeverTheReceiversBody() {
        status = 500;
        DeliveryResult retry = poster(List.of("127.0.0.1/32")).post(url("127.0.0.1"), Map.of("event", "test"));
        status = 403;
        DeliveryResult reject = poster(List.of("127.0.0.1/32")).post(url("127.0.0.1"), Map.of("event", "test"));

        assertEquals("HTTP 500 from 127.0.0.1:" + server.getAddress().getPort(), retry.reason());
        assertTrue(retry.isRetryable());
        assertEquals("HTTP 403 from 127.0.0.1:" + server.getAddress().getPort(), reject.reason());
        assertFalse(reject.reason().contains(CANARY));
    }
}
