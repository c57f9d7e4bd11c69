package io.cyberbrain.api.schedule;

import io.quarkus.qute.TemplateExtension;

/** What the schedule pages ask of a timing preview. */
@TemplateExtension
public class SchedulePageExtensions {

    private SchedulePageExtensions() {
    }

    /** " (zone)" after a timing's description, unless the description already names its zone. */
    static String zoneNote(ScheduleViews.Preview preview) {
        String zone = " (" + preview.timezone() + ")";
        return preview.description().contains("(" + preview.timezone() + ")") ? "" : zone;
    }
}
