package io.cyberbrain.worker.task.servicemap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds host names in environment values: URL authorities ({@code postgres://user:pw@db:5432/x},
 * {@code mongodb://a:27017,b:27017}), {@code host:port} tokens, and bare names in variables whose name says
 * they hold a host ({@code *_HOST}, {@code *_ADDR}, {@code *_SERVER}, {@code *_URL}, ...). Only the host and
 * port leave this class; user info, paths and queries are dropped here so no later step can leak them.
 * Whether a host is another container is decided by the caller against the alias index, so unrelated
 * values ({@code cpu_count:8}) cost nothing.
 */
public final class EnvReferences {

    /** A host named by one variable; {@code port} is null when the value gives none. */
    public record HostRef(String variable, String host, Integer port, String scheme) {
    }

    /** Longer values are certificates, keys or JSON blobs, not connection settings. */
    static final int MAX_VALUE = 4096;

    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31})://([^\\s/?#\"'<>]{1,512})");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,252}");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]{0,252}):(\\d{1,5})");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern HOST_KEY = Pattern.compile(
            "(?:^|_)(?:HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|URL|URLS|URI|ENDPOINT)$", Pattern.CASE_INSENSITIVE);

    private EnvReferences() {
    }

    public static List<HostRef> scan(List<EnvVar> env) {
        Map<String, String> byName = new HashMap<>();
        for (EnvVar v : env) {
            byName.put(v.name(), v.value());
        }
        List<HostRef> out = new ArrayList<>();
        for (EnvVar v : env) {
            out.addAll(scan(v, byName));
        }
        return out;
    }

    private static List<HostRef> scan(EnvVar v, Map<String, String> env) {
        String value = v.value();
        if (v.name() == null || value == null || value.isBlank() || value.length() > MAX_VALUE) {
            return List.of();
        }
        Set<HostRef> refs = new LinkedHashSet<>();
        StringBuilder rest = new StringBuilder();
        Matcher url = URL.matcher(value);
        int last = 0;
        while (url.find()) {
            rest.append(value, last, url.start()).append(' ');
            last = url.end();
            String scheme = url.group(1).toLowerCase(Locale.ROOT);
            for (String authority : afterUserInfo(url.group(2)).split(",")) {
                hostPort(v.name(), authority, scheme, true, refs);
            }
        }
        rest.append(value.substring(last));

        for (String token : SEPARATORS.split(rest.toString().trim())) {
            String t = afterUserInfo(token);
            int slash = t.indexOf('/');
            hostPort(v.name(), slash < 0 ? t : t.substring(0, slash), null, false, refs);
        }

        Matcher key = HOST_KEY.matcher(v.name());
        if (refs.isEmpty() && key.find()) {
            Integer port = siblingPort(v.name().substring(0, key.start()), env);
            for (String token : SEPARATORS.split(value.trim())) {
                if (HOST.matcher(token).matches() && !isNumber(token)) {
                    refs.add(new HostRef(v.name(), normalise(token), port, null));
                }
            }
        }
        return List.copyOf(refs);
    }

    /** {@code DB_HOST=db} with {@code DB_PORT=5432} means db:5432. */
    private static Integer siblingPort(String prefix, Map<String, String> env) {
        String name = prefix.isEmpty() ? "PORT" : prefix + "_PORT";
        String value = env.get(name);
        if (value == null) {
            value = env.get(name.toLowerCase(Locale.ROOT));
        }
        return value == null ? null : PortSpec.validPort(value.trim());
    }

    private static void hostPort(String variable, String text, String scheme, boolean bareAllowed, Set<HostRef> out) {
        if (text.isEmpty() || text.startsWith("[")) {
            return; // IPv6 literals are addresses, never container names
        }
        Matcher m = HOST_PORT.matcher(text);
        if (m.matches()) {
            Integer port = PortSpec.validPort(m.group(2));
            if (port != null && !isNumber(m.group(1))) {
                out.add(new HostRef(variable, normalise(m.group(1)), port, scheme));
            }
        } else if (bareAllowed && HOST.matcher(text).matches() && !isNumber(text)) {
            out.add(new HostRef(variable, normalise(text), null, scheme));
        }
    }

    private static String afterUserInfo(String authority) {
        int at = authority.lastIndexOf('@');
        return at < 0 ? authority : authority.substring(at + 1);
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isNumber(String s) {
        return s.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    /** Well-known ports, used only when the target actually exposes them. */
    static Integer defaultPort(String scheme) {
        if (scheme == null) {
            return null;
        }
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "postgres", "postgresql" -> 5432;
            case "mysql", "mariadb" -> 3306;
            case "mongodb" -> 27017;
            case "redis" -> 6379;
            case "rediss" -> 6380;
            case "amqp" -> 5672;
            case "amqps" -> 5671;
            case "nats" -> 4222;
            case "mqtt" -> 1883;
            case "ldap" -> 389;
            case "smtp" -> 25;
            case "ftp" -> 21;
            default -> null;
        };
    }
}
