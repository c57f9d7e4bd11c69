package io.cyberbrain.model.notification;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cyberbrain.model.net.Cidr;
import io.cyberbrain.policy.AddressScope;
import io.quarkus.runtime.Startup;

/**
 * Where notifications may go. A target is a URL or SMTP host an API user typed, and the services sit next
 * to the database, the API's own port and, in a cloud, the instance metadata service; so by default only
 * public addresses are reached. Loopback, unspecified, link-local, metadata, multicast, private (RFC 1918,
 * ULA) and shared (CGNAT) addresses are refused unless the operator allows the host by exact name
 * ({@code cyberbrain.notifications.allowed-hosts}) or the address by range ({@code allowed-cidrs}).
 *
 * <p>Checked twice: when a target is saved ({@link #refusalWithoutLookup}, literal addresses and names
 * that are local by definition, no DNS on the request path) and before every send, after resolution
 * ({@link #resolve}); the sender then connects to the checked address, so a DNS answer that changes in
 * between (rebinding) cannot redirect it.
 */
@Startup
@ApplicationScoped
public class EgressPolicy {

    /** Resolves a host name to its addresses: the system resolver in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final String HOW_TO_ALLOW = "notifications go only to public addresses unless "
            + "cyberbrain.notifications.allowed-hosts or cyberbrain.notifications.allowed-cidrs allows it";

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedCidrs;
    private final Resolver resolver;

    @Inject
    public EgressPolicy(EgressConfig config) {
        this(config.allowedHosts().orElse(List.of()), config.allowedCidrs().orElse(List.of()), InetAddress::getAllByName);
    }

    /**
     * @throws IllegalArgumentException when a range cannot be parsed, so that a typo stops the service at start
     *                                  rather than silently allowing nothing
     */
    public EgressPolicy(Collection<String> allowedHosts, Collection<String> allowedCidrs, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(EgressPolicy::normalize).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.allowedCidrs = allowedCidrs.stream().filter(c -> !c.isBlank()).map(c -> {
            try {
                return Cidr.parse(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cyberbrain.notifications.allowed-cidrs: " + e.getMessage(), e);
            }
        }).toList();
        this.resolver = resolver;
    }

    /**
     * Why {@code host} is refused as it is written, or empty: an IP literal in an internal scope, or a name
     * that is local whatever DNS says ({@code localhost}, {@code *.localhost}, the metadata service's name).
     * Other names are judged at send time, on what they resolve to then.
     */
    public Optional<String> refusalWithoutLookup(String host) {
        String name = normalize(host);
        if (allowedHosts.contains(name)) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("localhost.localdomain")) {
            return Optional.of(refusal(host, "is a loopback name"));
        }
        if (name.equals("metadata.google.internal") || name.equals("instance-data.ec2.internal")) {
            return Optional.of(refusal(host, "is a cloud metadata service"));
        }
        return literal(name).flatMap(a -> refusal(a).map(rule -> refusal(host, "is " + rule)));
    }

    /**
     * The address to connect to for {@code host}: every address it resolves to must be allowed (a name with one
     * internal answer among public ones is refused), and the first is returned.
     *
     * @throws EgressRefusedException naming the host, the address and the rule
     * @throws UnknownHostException   when the name does not resolve (worth retrying later)
     */
    public InetAddress resolve(String host) throws UnknownHostException {
        String name = normalize(host);
        Optional<String> byName = refusalWithoutLookup(name);
        if (byName.isPresent()) {
            throw new EgressRefusedException(byName.get());
        }
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        if (!allowedHosts.contains(name)) {
            for (InetAddress a : addresses) {
                Optional<String> rule = refusal(a);
                if (rule.isPresent()) {
                    throw new EgressRefusedException(refusal(host, "resolves to " + a.getHostAddress() + ", "
                            + rule.get()));
                }
            }
        }
        return addresses[0];
    }

    private Optional<String> refusal(InetAddress address) {
        AddressScope scope = AddressScope.of(address);
        if (!scope.internal() || allowedCidrs.stream().anyMatch(c -> c.contains(address))) {
            return Optional.empty();
        }
        return Optional.of(switch (scope) {
            case LOOPBACK -> "a loopback address";
            case UNSPECIFIED -> "an unspecified address (this host)";
            case METADATA -> "a cloud metadata address";
            case LINK_LOCAL -> "a link-local address";
            case MULTICAST -> "a multicast or reserved address";
            case PRIVATE -> "a private address";
            case CGNAT -> "a shared (CGNAT, 100.64.0.0/10) address";
            case PUBLIC -> throw new IllegalStateException("public addresses are allowed");
        });
    }

    private static String refusal(String host, String why) {
        return "host " + host + " " + why + "; " + HOW_TO_ALLOW;
    }

    /** The address if {@code name} is an IP literal, parsed without any lookup. */
    private static Optional<InetAddress> literal(String name) {
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        // Digits and dots only is an IPv4 literal to the JDK, "2130706433" and "127.1" included.
        boolean v4 = bare.matches("[0-9.]+");
        boolean v6 = bare.contains(":") && bare.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Stripped, lower case, without a trailing dot: how host names are compared. */
    static String normalize(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
