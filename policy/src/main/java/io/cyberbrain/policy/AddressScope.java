package io.cyberbrain.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where an IP address leads, for the policies that decide whom the services may connect to: the LLM
 * endpoint policy (local only) and the notification egress policy (public only, unless an operator allows
 * more). The one classifier of addresses; policies differ in which scopes they accept, never in how an
 * address is sorted.
 *
 * <p>IPv4-mapped IPv6 addresses arrive as IPv4 (the JDK converts them). IPv4-compatible ({@code ::a.b.c.d})
 * and NAT64 ({@code 64:ff9b::/96}) addresses are sorted by the IPv4 address they carry, because a
 * translator delivers them there.
 */
public enum AddressScope {
    /** 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** 0.0.0.0/8 and ::, which connect to this host. */
    UNSPECIFIED,
    /** Cloud instance metadata: 169.254.169.254 and AWS's fd00:ec2::254. */
    METADATA,
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL,
    /** 224.0.0.0/4, 240.0.0.0/4 (reserved, broadcast included), ff00::/8. */
    MULTICAST,
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 unique local fc00::/7 and the old site-local fec0::/10. */
    PRIVATE,
    /** 100.64.0.0/10, RFC 6598 shared address space (carrier NAT, mesh VPNs). */
    CGNAT,
    /** Anything else: reachable on the internet. */
    PUBLIC;

    private static final byte[] METADATA_V6 = v6("fd00:ec2::254");

    public static AddressScope of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ofV4(b);
        }
        if (address instanceof Inet6Address) {
            return ofV6(b);
        }
        return PUBLIC;
    }

    /** Whether this scope is reachable only inside a host or a site, i.e. not {@link #PUBLIC}. */
    public boolean internal() {
        return this != PUBLIC;
    }

    private static AddressScope ofV4(byte[] b) {
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 0) {
            return UNSPECIFIED;
        }
        if (b0 == 169 && b1 == 254) {
            return (b[2] & 0xFF) == 169 && (b[3] & 0xFF) == 254 ? METADATA : LINK_LOCAL;
        }
        if (b0 >= 224) {
            return MULTICAST;
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xF0) == 16 || b0 == 192 && b1 == 168) {
            return PRIVATE;
        }
        if (b0 == 100 && (b1 & 0xC0) == 64) {
            return CGNAT;
        }
        return PUBLIC;
    }

    private static AddressScope ofV6(byte[] b) {
        if (Arrays.equals(b, METADATA_V6)) {
            return METADATA;
        }
        if (zeros(b, 0, 15)) {
            return b[15] == 1 ? LOOPBACK : b[15] == 0 ? UNSPECIFIED : ofV4(tail(b));
        }
        if (zeros(b, 0, 12)) {
            return ofV4(tail(b));
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && zeros(b, 4, 12)) {
            return ofV4(tail(b));
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0xFF) {
            return MULTICAST;
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((b0 & 0xFE) == 0xFC || b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tail(byte[] b) {
        return new byte[] {b[12], b[13], b[14], b[15]};
    }

    private static byte[] v6(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
