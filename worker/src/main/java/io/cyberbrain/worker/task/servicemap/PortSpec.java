package io.cyberbrain.worker.task.servicemap;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** A container port with its protocol, as Docker writes it ({@code 8080/tcp}). */
public record PortSpec(int port, String protocol) implements Comparable<PortSpec> {

    private static final Comparator<PortSpec> ORDER =
            Comparator.comparingInt(PortSpec::port).thenComparing(PortSpec::protocol);

    public PortSpec {
        protocol = protocol == null || protocol.isBlank() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code 8080/tcp}, {@code 8080} or {@code 53/udp}; empty for anything else (ranges are not expanded). */
    public static Optional<PortSpec> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String number = slash < 0 ? t : t.substring(0, slash);
        String proto = slash < 0 ? "tcp" : t.substring(slash + 1);
        Integer port = validPort(number);
        return port == null ? Optional.empty() : Optional.of(new PortSpec(port, proto));
    }

    /** The port number when {@code text} is a decimal 1..65535, else null. */
    static Integer validPort(String text) {
        if (text == null || text.isEmpty() || text.length() > 5) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : null;
    }

    /** Kubernetes spells protocols in upper case. */
    public String k8sProtocol() {
        return protocol.toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(PortSpec other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
