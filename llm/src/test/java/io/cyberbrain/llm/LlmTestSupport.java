package io.cyberbrain.llm;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings, a resolver from a table (no DNS in tests) and a transport that counts what would be sent. */
final class LlmTestSupport {

    private LlmTestSupport() {
    }

    /** Settings for {@code endpoint}, with {@code llm.timeout_seconds}, {@code llm.api_key_env}, {@code llm.allowed_hosts}. */
    static LlmSettings config(String endpoint, Map<String, Object> more) {
        LlmSettings s = LlmSettings.of(endpoint, "qwen2.5:7b");
        if (more.get("llm.timeout_seconds") instanceof Number n) {
            s = s.withTimeouts(Duration.ofSeconds(n.longValue()), s.connectTimeout());
        }
        if (more.get("llm.api_key_env") instanceof String env) {
            s = s.withApiKeyEnv(env);
        }
        if (more.get("llm.allowed_hosts") instanceof List<?> hosts) {
            s = s.withAllowedHosts(hosts.stream().map(String::valueOf).toList(), true);
        }
        return s;
    }

    static LlmSettings config(String endpoint) {
        return config(endpoint, Map.of());
    }

    /** A client on the real HTTP transport, checked by the real policy (loopback needs no DNS). */
    static LlmClient client(LlmSettings config) {
        return new LlmClient(config, LlmEndpointPolicy.of(config), null, LlmClient.httpTransport(config));
    }

    /** Resolves names from a table; any other name is unknown. Literal addresses parse without DNS. */
    static LlmEndpointPolicy.Resolver table(Map<String, String> names) {
        return host -> {
            String address = names.get(host);
            if (address == null && (host.contains(":") || host.matches("[0-9.]+"))) {
                address = host; // a literal: parsed, never looked up
            }
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        };
    }

    static LlmEndpointPolicy policy(Set<String> allowed, Map<String, String> names) {
        return new LlmEndpointPolicy(allowed, true, table(names));
    }

    /** A transport that must never be reached; counts the attempts. */
    static final class CountingTransport implements LlmClient.Transport {
        final AtomicInteger sends = new AtomicInteger();

        @Override
        public LlmClient.Response send(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
            sends.incrementAndGet();
            throw new AssertionError("nothing may be sent to " + uri);
        }
    }
}
