package io.cyberbrain.model.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import io.cyberbrain.model.error.InvalidRequestException.FieldError;

/**
 * The settings of each kind of target, as kept in {@code notification_target.config}, and their validation.
 * Errors name the field as {@code config.<key>} so that the API can report them as they are.
 */
public final class TargetConfig {

    public static final String WEBHOOK_URL = "webhook_url";
    public static final String WEBHOOK_URL_ENV = "webhook_url_env";
    /** Discord only: the name the webhook posts as. */
    public static final String USERNAME = "username";
    public static final String SMTP_HOST = "smtp_host";
    public static final String SMTP_PORT = "smtp_port";
    /** {@code starttls} (default, required once chosen), {@code ssl} (implicit TLS) or {@code none}. */
    public static final String SMTP_SECURITY = "smtp_security";
    public static final String SMTP_USERNAME = "smtp_username";
    public static final String SMTP_PASSWORD = "smtp_password";
    public static final String SMTP_PASSWORD_ENV = "smtp_password_env";
    public static final String FROM = "from";
    /** One address, a comma-separated string, or a list. */
    public static final String TO = "to";

    static final Set<String> SECURITY = Set.of("starttls", "ssl", "none");
    static final int MAX_RECIPIENTS = 50;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]");

    private TargetConfig() {
    }

    public static Set<String> keys(NotificationKind kind) {
        return switch (kind) {
            case DISCORD -> Set.of(WEBHOOK_URL, WEBHOOK_URL_ENV, USERNAME);
            case WEBHOOK -> Set.of(WEBHOOK_URL, WEBHOOK_URL_ENV);
            case EMAIL -> Set.of(SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME, SMTP_PASSWORD, SMTP_PASSWORD_ENV, FROM, TO);
        };
    }

    /** Every problem of {@code config} for a target of {@code kind}; empty when it can be used. */
    public static List<FieldError> validate(NotificationKind kind, Map<String, Object> config) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> c = config == null ? Map.of() : config;
        String known = String.join(", ", keys(kind).stream().sorted().toList());
        c.keySet().stream().filter(k -> !keys(kind).contains(k)).sorted().forEach(k -> errors.add(error(k,
                "is not a setting of " + kind.wire() + " targets; they have " + known)));
        if (kind == NotificationKind.EMAIL) {
            validateEmail(c, errors);
        } else {
            validateWebhook(c, errors);
            if (c.containsKey(USERNAME) && !(c.get(USERNAME) instanceof String s && !s.isBlank() && s.length() <= 80)) {
                errors.add(error(USERNAME, "must be a name of 1 to 80 characters"));
            }
        }
        return errors;
    }

    private static void validateWebhook(Map<String, Object> c, List<FieldError> errors) {
        if (!oneOf(c, WEBHOOK_URL, WEBHOOK_URL_ENV, true, errors)) {
            return;
        }
        if (c.get(WEBHOOK_URL) != null && httpUrl(c.get(WEBHOOK_URL)) == null) {
            errors.add(error(WEBHOOK_URL, "must be an http or https URL with a host, at most 2000 characters"));
        }
        envName(c, WEBHOOK_URL_ENV, errors);
    }

    private static void validateEmail(Map<String, Object> c, List<FieldError> errors) {
        if (!(c.get(SMTP_HOST) instanceof String host && HOST.matcher(host).matches())) {
            errors.add(error(SMTP_HOST, c.get(SMTP_HOST) == null ? "is required" : "must be a host name or an IP address"));
        }
        Object port = c.get(SMTP_PORT);
        if (port != null && !(port instanceof Integer p && p >= 1 && p <= 65535)) {
            errors.add(error(SMTP_PORT, "must be a whole number between 1 and 65535"));
        }
        Object security = c.get(SMTP_SECURITY);
        if (security != null && !(security instanceof String s && SECURITY.contains(s))) {
            errors.add(error(SMTP_SECURITY, "must be one of starttls, ssl, none"));
        }
        Object user = c.get(SMTP_USERNAME);
        if (user != null && !(user instanceof String u && !u.isBlank() && u.length() <= 254)) {
            errors.add(error(SMTP_USERNAME, "must be a user name of 1 to 254 characters"));
        }
        if (oneOf(c, SMTP_PASSWORD, SMTP_PASSWORD_ENV, false, errors)) {
            if (c.get(SMTP_PASSWORD) != null && !(c.get(SMTP_PASSWORD) instanceof String)) {
                errors.add(error(SMTP_PASSWORD, "must be a string"));
            }
            envName(c, SMTP_PASSWORD_ENV, errors);
            if (user == null && (c.get(SMTP_PASSWORD) != null || c.get(SMTP_PASSWORD_ENV) != null)) {
                errors.add(error(SMTP_USERNAME, "is required when a password is given"));
            }
        }
        if (c.get(FROM) == null) {
            errors.add(error(FROM, "is required"));
        } else if (!(c.get(FROM) instanceof String from) || address(from) == null) {
            errors.add(error(FROM, "must be one email address"));
        }
        addresses(c.get(TO), errors);
    }

    /** The recipients of an email target; validated, so never empty. */
    public static List<InternetAddress> recipients(Map<String, Object> config) {
        return addresses(config.get(TO), new ArrayList<>());
    }

    private static List<InternetAddress> addresses(Object to, List<FieldError> errors) {
        List<String> raw = new ArrayList<>();
        if (to instanceof String s) {
            for (String part : s.split(",")) {
                raw.add(part.strip());
            }
        } else if (to instanceof List<?> list) {
            list.forEach(o -> raw.add(o instanceof String s ? s.strip() : ""));
        } else {
            errors.add(error(TO, to == null ? "is required: one address, a comma-separated string or a list"
                    : "must be an address or a list of addresses"));
            return List.of();
        }
        List<InternetAddress> parsed = new ArrayList<>();
        for (String r : raw) {
            InternetAddress a = address(r);
            if (a == null) {
                errors.add(error(TO, "'" + r + "' is not an email address"));
                return List.of();
            }
            parsed.add(a);
        }
        if (parsed.isEmpty() || parsed.size() > MAX_RECIPIENTS) {
            errors.add(error(TO, "must hold 1 to " + MAX_RECIPIENTS + " addresses"));
        }
        return parsed;
    }

    /** Exactly one (when {@code required}) or at most one of a value and its environment-variable twin. */
    private static boolean oneOf(Map<String, Object> c, String value, String env, boolean required, List<FieldError> errors) {
        boolean hasValue = c.get(value) != null;
        boolean hasEnv = c.get(env) != null;
        if (hasValue && hasEnv) {
            errors.add(error(value, "give either " + value + " or " + env + ", not both"));
            return false;
        }
        if (required && !hasValue && !hasEnv) {
            errors.add(error(value, "is required (or " + env + ": the name of an environment variable that holds it)"));
            return false;
        }
        return true;
    }

    private static void envName(Map<String, Object> c, String key, List<FieldError> errors) {
        Object v = c.get(key);
        if (v != null && !(v instanceof String s && ENV_NAME.matcher(s).matches())) {
            errors.add(error(key, "must be the name of an environment variable (letters, digits, _)"));
        }
    }

    /** The URL if {@code value} is an absolute http(s) URL with a host, else null. */
    public static URI httpUrl(Object value) {
        if (!(value instanceof String s) || s.length() > 2000) {
            return null;
        }
        try {
            URI uri = new URI(s.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static InternetAddress address(String value) {
        try {
            InternetAddress a = new InternetAddress(value, true);
            return a.getAddress().contains("@") ? a : null;
        } catch (AddressException e) {
            return null;
        }
    }

    public static String string(Map<String, Object> config, String key, String fallback) {
        return config.get(key) instanceof String s && !s.isBlank() ? s : fallback;
    }

    private static FieldError error(String key, String message) {
        return new FieldError("config." + key, message);
    }
}
