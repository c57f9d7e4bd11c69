package io.cyberbrain.embeddeddb;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Reads one sample from the test application's {@code /q/metrics} (Prometheus text format), for tests that
 * assert a metric's value after the event that moves it.
 */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /** The whole exposition. */
    public static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The value of the sample named {@code name} whose labels include every {@code label="value"} pair given as
     * {@code "label", "value", ...}; empty if there is none.
     */
    public static OptionalDouble value(String name, String... labels) {
        return valueIn(scrape(), name, labels);
    }

    /** Like {@link #value(String, String...)}, in an exposition already scraped. */
    public static OptionalDouble valueIn(String exposition, String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        String[] pairs = new String[labels.length / 2];
        for (int i = 0; i < labels.length; i += 2) {
            pairs[i / 2] = labels[i] + "=\"" + labels[i + 1] + "\"";
        }
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelPart = close < 0 ? "" : line.substring(name.length() + 1, close);
            if (Arrays.stream(pairs).allMatch(p -> ("," + labelPart + ",").contains("," + p + ","))) {
                String rest = line.substring(close < 0 ? name.length() : close + 1).trim();
                return OptionalDouble.of(Double.parseDouble(rest.split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }

    /** Like {@link #value(String, String...)}, 0 when the sample is absent. */
    public static double valueOrZero(String name, String... labels) {
        return value(name, labels).orElse(0);
    }
}
