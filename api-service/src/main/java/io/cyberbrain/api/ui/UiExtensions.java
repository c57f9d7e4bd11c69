package io.cyberbrain.api.ui;

import io.cyberbrain.api.run.RunViews;
import io.quarkus.qute.TemplateExtension;

/** Questions templates ask of the API's records, answered once here rather than spelled out in each page. */
@TemplateExtension
public class UiExtensions {

    private UiExtensions() {
    }

    static boolean isFinal(RunViews.Detail run) {
        return switch (run.status()) {
            case "success", "failed", "cancelled" -> true;
            default -> false;
        };
    }

    static boolean awaitsApproval(RunViews.Detail run) {
        return "awaiting_approval".equals(run.status());
    }

    /** Seconds with one decimal, or a dash while the job has not finished. */
    static String duration(RunViews.JobView job) {
        return job.durationMs() == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f s", job.durationMs() / 1000.0);
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

    /** " (zone)" after a timing's description, unless the description already names its zone. */
    static String zoneNote(io.cyberbrain.api.schedule.ScheduleViews.Preview preview) {
        String zone = " (" + preview.timezone() + ")";
        return preview.description().contains("(" + preview.timezone() + ")") ? "" : zone;
    }

    /** A passage's relevance (0 to 1) with two decimals, as the MCP tool writes it. */
    static String relevanceText(io.cyberbrain.api.rag.RagViews.SearchHitView hit) {
        return String.format(java.util.Locale.ROOT, "%.2f", hit.relevance());
    }

    static String label(String wire) {
        return wire == null ? "" : wire.replace('_', ' ');
    }
}
