package io.cyberbrain.api.ui;

import io.quarkus.qute.TemplateExtension;

/** Questions templates ask of the API's records, answered once here rather than spelled out in each page. */
@TemplateExtension
public class UiExtensions {

    private UiExtensions() {
    }

    /**
     * A {@code datetime-local} input's value: UTC wall time to the minute, the form the input accepts (an instant with
     * seconds, nanoseconds and a zone is refused by browsers). ui.js turns it into the viewer's own zone from the
     * exact instant the input also carries.
     */
    static String inputMinute(java.time.Instant instant) {
        return instant == null ? "" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
                .format(instant.atOffset(java.time.ZoneOffset.UTC));
    }

    static String label(String wire) {
        return wire == null ? "" : wire.replace('_', ' ');
    }
}
