package io.cyberbrain.launcher.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cyberbrain.model.host.Target;

/**
 * This launcher's host: the name it registers and claims under, and its configured labels. A name or label the
 * targets could never match stops the launcher at start with the reason, rather than leaving it to claim nothing.
 */
@ApplicationScoped
public class HostIdentity {

    private final String name;
    private final Map<String, String> labels;

    public HostIdentity(HostConfig config) {
        this.name = config.name().map(String::strip).filter(n -> !n.isEmpty()).orElseGet(HostIdentity::machineName);
        if (!Target.validHostName(name)) {
            throw new IllegalStateException("CYBERBRAIN_HOST_NAME '" + name + "' is not a host name: letters, digits, '.', '_'"
                    + " and '-', at most 200 characters");
        }
        this.labels = parse(config.labels().orElse(List.of()));
    }

    public String name() {
        return name;
    }

    public Map<String, String> labels() {
        return labels;
    }

    static Map<String, String> parse(List<String> pairs) {
        List<String> problems = new ArrayList<>();
        Map<String, String> labels = Target.labelsFromPairs(pairs, "labels", (field, message) -> problems.add(field + ": " + message));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("CYBERBRAIN_HOST_LABELS: " + String.join("; ", problems));
        }
        return Map.copyOf(labels);
    }

    private static String machineName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && Target.validHostName(env.strip())) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
