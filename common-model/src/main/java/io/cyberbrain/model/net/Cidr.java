package io.cyberbrain.model.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address range such as {@code 192.168.1.0/24} or {@code fd00::/8}; a bare address is a range of one. */
public record Cidr(byte[] network, int prefix, String text) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /**
     * @throws IllegalArgumentException naming the value when it is not an IP address with an optional prefix
     *                                  length that fits it
     */
    public static Cidr parse(String value) {
        String v = value.strip();
        int slash = v.indexOf('/');
        String address = slash < 0 ? v : v.substring(0, slash);
        // Only literals: a host name here would be looked up, and ranges are about addresses.
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range");
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(v.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + value + "' has a prefix length outside 0.." + bits);
        }
        return new Cidr(bytes, prefix, v);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
