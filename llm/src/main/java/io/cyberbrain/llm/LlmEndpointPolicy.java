package io.cyberbrain.llm;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.cyberbrain.policy.AddressScope;

/**
 * Rule 1 (docs/design-rules.md): an LLM endpoint is used only if every address its host resolves to is local, or the host
 * is allowlisted by exact name. Checked before any connection; a refusal is an
 * {@link LlmEndpointRefusedException} whose message says which host and address.
 *
 * <p>Local means:
 * <ul>
 * <li>loopback: 127.0.0.0/8, ::1;</li>
 * <li>private: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, IPv6 unique local fc00::/7;</li>
 * <li>link-local: 169.254.0.0/16, fe80::/10;</li>
 * <li>shared address space 100.64.0.0/10 (RFC 6598, "CGNAT"), unless turned off: it is not routable on
 * the internet, and it is what mesh VPNs such as Tailscale give the GPU machine an operator reaches their
 * model on. The price: behind a carrier NAT the same range holds other customers of that carrier, hence
 * {@code llm.allow_cgnat=false} for networks where that matters.</li>
 * </ul>
 * Anything else (public, multicast, the unspecified 0.0.0.0 and ::, the cloud metadata address) is refused,
 * and so is a host that does not resolve. Addresses are sorted by the shared {@link AddressScope}. Only {@code http} and {@code https} are accepted. The
 * client never follows redirects and uses no proxy, so the checked host is the one connected to.
 *
 * <p>Known limit: the JVM resolves the name again to connect; a DNS answer that changes between the check
 * and the connection (rebinding) is not caught. The check runs before every call to keep that window short.
 */
public final class LlmEndpointPolicy {

    /** Resolves a host name to its addresses; the system resolver in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    /** The scopes an LLM may be in (CGNAT too, unless turned off). */
    static final Set<AddressScope> LOCAL = EnumSet.of(AddressScope.LOOPBACK, AddressScope.PRIVATE, AddressScope.LINK_LOCAL);

    private final Set<String> allowedHosts;
    private final boolean allowCgnat;
    private final Resolver resolver;

    /** @param allowedHosts exact host names accepted whatever they resolve to */
    public LlmEndpointPolicy(Set<String> allowedHosts, boolean allowCgnat, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(LlmEndpointPolicy::normalizeHost)
                .collect(Collectors.toUnmodifiableSet());
        this.allowCgnat = allowCgnat;
        this.resolver = resolver;
    }

    public static LlmEndpointPolicy of(LlmSettings settings) {
        return new LlmEndpointPolicy(settings.allowedHosts(), settings.allowCgnat(), SYSTEM_RESOLVER);
    }

    /**
     * Accepts the endpoint or throws.
     *
     * @throws LlmEndpointRefusedException for another scheme, a host that is neither allowlisted nor local, or
     *                                     one that does not resolve
     */
    public void check(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new LlmEndpointRefusedException("LLM endpoint scheme '" + scheme
                    + "' is not allowed; only http and https are");
        }
        String host = endpoint.getHost();
        if (host == null || host.isBlank()) {
            throw new LlmEndpointRefusedException("LLM endpoint has no host");
        }
        String name = normalizeHost(host);
        if (allowedHosts.contains(name)) {
            return;
        }
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | SecurityException e) {
            throw new LlmEndpointRefusedException("LLM endpoint " + name
                    + " cannot be resolved; only local endpoints or allowlisted hosts are allowed");
        }
        if (addresses == null || addresses.length == 0) {
            throw new LlmEndpointRefusedException("LLM endpoint " + name
                    + " resolves to no address; only local endpoints or allowlisted hosts are allowed");
        }
        for (InetAddress a : addresses) {
            AddressScope scope = AddressScope.of(a);
            if (!LOCAL.contains(scope) && scope != AddressScope.CGNAT) {
                throw new LlmEndpointRefusedException("LLM endpoint " + name + " resolves to "
                        + (scope == AddressScope.PUBLIC ? "public" : scope.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        + " address " + a.getHostAddress() + "; only local endpoints or allowlisted hosts are allowed");
            }
            if (scope == AddressScope.CGNAT && !allowCgnat) {
                throw new LlmEndpointRefusedException("LLM endpoint " + name + " resolves to shared (CGNAT) address "
                        + a.getHostAddress() + ", which llm.allow_cgnat=false refuses; only local endpoints or "
                        + "allowlisted hosts are allowed");
            }
        }
    }

    /** Lower case, without a trailing dot: how host names are compared. */
    public static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
