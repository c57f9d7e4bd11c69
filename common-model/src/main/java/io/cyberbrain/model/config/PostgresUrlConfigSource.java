package io.cyberbrain.model.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Lets one {@code POSTGRES_URL} ({@code postgresql://user:pass@host:5432/db?sslmode=require}, also
 * {@code postgres://} or {@code jdbc:postgresql://}) configure both the JDBC (Flyway) and the reactive
 * datasource. It ranks above application.properties and below explicit environment variables, so
 * {@code POSTGRES_HOST}-style settings still work when no URL is given.
 */
public class PostgresUrlConfigSource implements ConfigSource {

    static final String VARIABLE = "POSTGRES_URL";
    private static final int ORDINAL = 275;

    private final Map<String, String> properties;

    public PostgresUrlConfigSource() {
        this(System.getenv(VARIABLE));
    }

    PostgresUrlConfigSource(String url) {
        this.properties = url == null || url.isBlank() ? Map.of() : parse(url.trim());
    }

    static Map<String, String> parse(String url) {
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
        p.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort + "/" + database + query);
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
