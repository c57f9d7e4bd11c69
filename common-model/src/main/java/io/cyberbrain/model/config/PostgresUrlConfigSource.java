package io.cyberbrain.model.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Lets one {@code POSTGRES_URL} ({@code postgresql://user:pass@host:5432/db?sslmode=require}, also
 * {@code postgres://} or {@code jdbc:postgresql://}) configure both the JDBC (Flyway) and the reactive
 * datasource. It ranks above application.properties and below explicit environment variables, so
 * {@code POSTGRES_HOST}-style settings still work when no URL is given.
 *
 * <p>TLS as libpq spells it: {@code sslmode=verify-full&sslrootcert=/path/ca.crt} (or {@code verify-ca}). The JDBC
 * driver reads both from its URL; the reactive client reads sslmode from its URL but would send any other parameter to
 * the server as a setting (which refuses {@code sslrootcert}), so there the CA becomes its PEM trust configuration and
 * verify-full its hostname check ({@code PgListener} reads the same keys). verify-ca and verify-full without
 * sslrootcert are refused: the reactive client has no default CA file to fall back on.
 */
public class PostgresUrlConfigSource implements ConfigSource {

    static final String VARIABLE = "POSTGRES_URL";
    private static final String ROOT_CERT = "sslrootcert";
    private static final int ORDINAL = 275;

    private final Map<String, String> properties;

    public PostgresUrlConfigSource() {
        this(System.getenv(VARIABLE));
    }

    PostgresUrlConfigSource(String url) {
        this.properties = url == null || url.isBlank() ? Map.of() : parse(url.trim());
    }

    /** The datasource settings of one URL (see the class comment). */
    public static Map<String, String> parse(String url) {
        String withoutJdbc = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri = URI.create(withoutJdbc);
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException(VARIABLE + " must start with postgresql://, postgres:// or jdbc:postgresql://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(VARIABLE + " has no host");
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "cyberbrain" : uri.getPath().substring(1);
        String hostPort = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort + "/" + database + query);
        p.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort + "/" + database + reactiveQuery(uri.getRawQuery()));
        p.putAll(reactiveTls(uri.getRawQuery()));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            p.put("quarkus.datasource.username", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0 && colon < userInfo.length() - 1) {
                p.put("quarkus.datasource.password", decode(userInfo.substring(colon + 1)));
            }
        }
        return Map.copyOf(p);
    }

    /** The query without sslrootcert, which the reactive client would pass to the server as a setting. */
    private static String reactiveQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        String kept = Arrays.stream(rawQuery.split("&")).filter(pair -> !name(pair).equals(ROOT_CERT))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    /** The reactive client's trust and hostname check for the sslmode and sslrootcert of the URL. */
    private static Map<String, String> reactiveTls(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                params.put(name(pair), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String mode = params.getOrDefault("sslmode", "");
        String rootCert = params.get(ROOT_CERT);
        boolean verifies = mode.equals("verify-ca") || mode.equals("verify-full");
        if (verifies && (rootCert == null || rootCert.isBlank())) {
            throw new IllegalArgumentException(VARIABLE + " has sslmode=" + mode + " but no sslrootcert=<path of the CA"
                    + " certificate (PEM) that signed the server's certificate>");
        }
        Map<String, String> p = new HashMap<>();
        if (rootCert != null && !rootCert.isBlank()) {
            p.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            p.put("quarkus.datasource.reactive.trust-certificate-pem.certs", rootCert);
        }
        if (mode.equals("verify-full")) {
            p.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
        }
        return p;
    }

    private static String name(String pair) {
        int eq = pair.indexOf('=');
        return decode(eq < 0 ? pair : pair.substring(0, eq));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "cyberbrain-postgres-url";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
