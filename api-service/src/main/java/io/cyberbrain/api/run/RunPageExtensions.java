package io.cyberbrain.api.run;

import io.quarkus.qute.TemplateExtension;

/** What the run pages ask of a run's records. */
@TemplateExtension
public class RunPageExtensions {

    private RunPageExtensions() {
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
}
