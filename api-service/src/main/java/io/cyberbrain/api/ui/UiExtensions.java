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

    static String label(String wire) {
        return wire == null ? "" : wire.replace('_', ' ');
    }
}
