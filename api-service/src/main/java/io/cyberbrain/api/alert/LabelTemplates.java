package io.cyberbrain.api.alert;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule fields that take values from an alert's labels, written as Prometheus' templates write them:
 * {@code {{ $labels.container }}}, {@code logs/{{ $labels.job }}.log}. Nothing else in braces is allowed, so a
 * template means the same here as it reads.
 */
final class LabelTemplates {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    /** A template named a label the alert does not have (or has empty). */
    static final class MissingLabel extends Exception {
        final String label;

        MissingLabel(String label) {
            super("the alert has no label '" + label + "'", null, false, false);
            this.label = label;
        }
    }

    private LabelTemplates() {
    }

    /** Why {@code template} is not one, or null when it is. */
    static String problem(String template) {
        String rest = REFERENCE.matcher(template).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            return "only label references such as {{ $labels.instance }} may stand in braces";
        }
        return null;
    }

    /** The labels a template reads. */
    static Set<String> labels(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The template with each reference replaced by the label's value. */
    static String resolve(String template, Map<String, String> labels) throws MissingLabel {
        Matcher m = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = labels.get(m.group(1));
            if (value == null || value.isEmpty()) {
                throw new MissingLabel(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
