package io.cyberbrain.api.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.cyberbrain.model.alert.AlertRule;

/**
 * Which rule an alert matches: the alert's name equals the rule's {@code alert_name} (when set), each of
 * {@code match_labels} equals the label, each of {@code match_regex} matches the whole label value; a label the alert
 * lacks counts as empty, as in Alertmanager's matchers.
 */
final class RuleMatcher {

    static final int MAX_REGEX = 1_000;
    /**
     * Steps a regular expression may take on one label value. A pattern that backtracks catastrophically gives up
     * (and does not match) instead of holding a thread: patterns come from admins, but values come from any monitor.
     */
    static final int MAX_STEPS = 1_000_000;

    private RuleMatcher() {
    }

    /** Why {@code regex} cannot be used, or null. */
    static String problem(String regex) {
        if (regex.length() > MAX_REGEX) {
            return "at most " + MAX_REGEX + " characters";
        }
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
    }

    /** The first rule, in the given order, that the alert matches. */
    static Optional<AlertRule> first(List<AlertRule> rules, String alertName, Map<String, String> labels) {
        return rules.stream().filter(r -> matches(r, alertName, labels)).findFirst();
    }

    static boolean matches(AlertRule rule, String alertName, Map<String, String> labels) {
        if (rule.alertName != null && !rule.alertName.equals(alertName)) {
            return false;
        }
        for (Map.Entry<String, String> e : orEmpty(rule.matchLabels).entrySet()) {
            if (!e.getValue().equals(labels.getOrDefault(e.getKey(), ""))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : orEmpty(rule.matchRegex).entrySet()) {
            if (!fullMatch(e.getValue(), labels.getOrDefault(e.getKey(), ""))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : new LinkedHashMap<>(map);
    }

    private static boolean fullMatch(String regex, String value) {
        try {
            return Pattern.compile(regex).matcher(new Bounded(value, new int[] {MAX_STEPS})).matches();
        } catch (PatternSyntaxException | TooManySteps e) {
            return false;
        }
    }

    private static final class TooManySteps extends RuntimeException {
        TooManySteps() {
            super(null, null, false, false);
        }
    }

    /** A value that counts the matcher's reads and stops it after {@link #MAX_STEPS}. */
    private record Bounded(String text, int[] budget) implements CharSequence {

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooManySteps();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
