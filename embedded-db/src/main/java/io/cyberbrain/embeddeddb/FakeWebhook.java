package io.cyberbrain.embeddeddb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 for tests (a stand-in for Discord and other webhook targets): records every
 * request and answers from a script, then with a default.
 */
public final class FakeWebhook implements AutoCloseable {

    public record Reply(int status, String body) {
    }

    public record Received(String method, String path, String contentType, String body, Instant at) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Reply fallback = new Reply(204, "");

    private FakeWebhook(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeWebhook start() throws IOException {
        return new FakeWebhook(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** Answers these first, in order, then {@link #always}'s reply. */
    public FakeWebhook replies(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public FakeWebhook always(Reply reply) {
        fallback = reply;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Instant.now()));
        }
        Reply reply = script.poll();
        if (reply == null) {
            reply = fallback;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
