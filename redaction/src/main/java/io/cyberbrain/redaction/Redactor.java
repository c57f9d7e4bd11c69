package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.KeyMaterial.keyDocuments;
import static io.cyberbrain.redaction.KeyMaterial.pemBlocks;
import static io.cyberbrain.redaction.Keywords.keywordDetectors;
import static io.cyberbrain.redaction.PasswordHashes.passwordHashes;
import static io.cyberbrain.redaction.ToolSyntax.toolSyntax;
import static io.cyberbrain.redaction.NamedValues.namedValues;
import static io.cyberbrain.redaction.NumericDetectors.numericDetectors;
import static io.cyberbrain.redaction.PersonalData.emails;
import static io.cyberbrain.redaction.PersonalData.homeUsers;
import static io.cyberbrain.redaction.TokenRuns.tokenRunDetectors;
import static io.cyberbrain.redaction.TokenRuns.urlCredentials;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets and personal data in free text (log lines, error messages, report samples,
 * notifications).
 *
 * <p>Detection is purely pattern based (JDK only, no model). Every detector proposes candidate
 * spans; overlapping candidates are resolved by {@link EntityClass} priority (declaration order),
 * then by length. The result is a sorted list of non-overlapping {@link RedactionSpan}s.
 *
 * <p>What is masked, by class: see {@link EntityClass}. Names and street addresses are not
 * attempted (no reliable pattern). Each detector's comment explains why its pattern is shaped the
 * way it is, in particular what it deliberately leaves alone in log lines (timestamps, versions,
 * PIDs, ports, durations, hashes, UUIDs, digests).
 *
 * <p>Performance: this runs on every log line. No pattern is tried at every character. Cheap
 * hand-written scans find candidate positions first - runs of token characters (shape-based
 * tokens, keys, IPs, MACs, container ids), hits of keyword fragments in a lower-case copy
 * (key=value, CLI flags, headers, SQL, XML), token-initial digits (cards, SSNs, phones, IBANs),
 * '@' (e-mail), "://" (URL credentials), "-----BEGIN " (PEM) - and the patterns are then anchored
 * there. Patterns use bounded and/or possessive repetition, and validation (Luhn, mod-97, IPv6
 * grammar, bech32, base64 decoding, key-name classification) is Java code on the candidate, not
 * nested quantifiers. Value parsing after a keyword is bounded to {@value #MAX_VALUE} characters,
 * base64 decoding to {@value #MAX_DECODE} and the PEM END search to {@value #MAX_PEM}, so the
 * cost is linear in the input (a 1 MB line takes well under a few seconds even when adversarial;
 * a typical 100-character log line about 10 microseconds).
 *
 * <p>The detectors live in one class per section: {@link KeyMaterial} (PEM/DER keys),
 * {@link TokenRuns}, {@link VendorTokens} and {@link RandomTokens} (tokens recognised by shape, prefix or
 * randomness, URL credentials),
 * {@link Keywords} with {@link KeyNames} and {@link Values} (key = value and its relatives),
 * {@link PasswordHashes} (crypt(3), PHC and other documented password-hash formats), {@link ToolSyntax}
 * (passwords in the option syntax of well-known commands, .netrc, SASL PLAIN),
 * {@link NumericDetectors} with {@link Validators} (cards, IBANs, SSNs, phones, IPs, MACs, container ids) and
 * {@link PersonalData} (e-mail, home folders). {@link Scan} holds the per-call state and resolves overlaps.
 *
 * <p>Instances are immutable and thread-safe (only precompiled {@link Pattern}s are shared;
 * {@link Matcher}s are per call).
 */
public final class Redactor {

    private static final Redactor STANDARD = new Redactor();

    /** Longest value (password, token) looked at after a keyword. */
    static final int MAX_VALUE = 1024;
    /** Longest prefix of a base64 blob that is decoded to look for an embedded private key. */
    static final int MAX_DECODE = 65536;
    /** Longest distance searched between a PEM BEGIN and END line. */
    static final int MAX_PEM = 65536;

    /** Shared default instance. */
    public static Redactor standard() {
        return STANDARD;
    }

    public Redactor() {
        // stateless; all configuration is in the detectors' static patterns
    }

    /**
     * Finds the sensitive spans of {@code text}.
     *
     * @return sorted, non-overlapping spans; empty for {@code null} or empty text
     */
    public List<RedactionSpan> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Scan s = new Scan(text);
        // secrets
        pemBlocks(s);
        keyDocuments(s);
        tokenRunDetectors(s);
        urlCredentials(s);
        keywordDetectors(s);
        namedValues(s);
        passwordHashes(s);
        toolSyntax(s);
        // personal / infrastructure data
        emails(s);
        numericDetectors(s);
        homeUsers(s);
        List<RedactionSpan> found = s.resolve();
        return Repeats.repeatedSecrets(s, found) ? s.resolve() : found;
    }

    /**
     * Replaces each sensitive span by its mask, e.g. {@code [REDACTED:EMAIL]}.
     *
     * @return the redacted text; {@code null} for {@code null}
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        List<RedactionSpan> spans = find(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int pos = 0;
        for (RedactionSpan s : spans) {
            sb.append(text, pos, s.start()).append(s.entityClass().mask());
            pos = s.end();
        }
        return sb.append(text, pos, text.length()).toString();
    }

}
