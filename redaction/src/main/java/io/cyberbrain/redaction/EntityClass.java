package io.cyberbrain.redaction;

/**
 * Kinds of sensitive data the {@link Redactor} masks.
 *
 * <p>The declaration order is the conflict-resolution priority: when two detectors claim
 * overlapping text, the span whose class is declared first wins (a private key block beats the
 * base64 line inside it, a password beats the "phone number" hidden in its digits, and so on).
 */
public enum EntityClass {
    /** PEM private-key blocks (multi-line) and bare base64 DER private keys. */
    PRIVATE_KEY(true),
    /** JSON Web Tokens ({@code eyJ...eyJ...sig}) and other JOSE objects (a JOSE header, then dotted parts). */
    JWT(true),
    /** The password part of {@code scheme://user:password@host}. */
    URL_CREDENTIALS(true),
    /**
     * Stored or captured password hashes in their documented formats (crypt(3), PHC, LDAP schemes, Kerberos and
     * NTLM cracking formats): crackable offline, so as sensitive as the password. Declared before {@link #API_KEY}
     * so that the whole hash wins over a random-looking segment of it.
     */
    PASSWORD_HASH(true),
    /** Vendor tokens (AWS, GitHub, Slack, ...) and values of key/token/secret assignments. */
    API_KEY(true),
    /** Values of password assignments, CLI flags, SQL {@code IDENTIFIED BY}, ... */
    PASSWORD(true),
    EMAIL(false),
    IBAN(false),
    CREDIT_CARD(false),
    US_SSN(false),
    IP_ADDRESS(false),
    MAC_ADDRESS(false),
    PHONE(false),
    /** Docker container ids (64 or 12 lowercase hex). */
    CONTAINER_ID(false),
    /** The user-name segment of a home folder path. */
    HOME_USER(false);

    private final boolean secret;
    private final String mask;

    EntityClass(boolean secret) {
        this.secret = secret;
        this.mask = "[REDACTED:" + name() + "]";
    }

    /** True for credentials (keys, tokens, passwords); false for personal/infrastructure data. */
    public boolean isSecret() {
        return secret;
    }

    /** The replacement text, e.g. {@code [REDACTED:EMAIL]}. */
    public String mask() {
        return mask;
    }
}
