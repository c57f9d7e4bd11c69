package io.cyberbrain.api.ui;

import java.util.List;

import io.cyberbrain.api.auth.ApiTokenResource;
import io.cyberbrain.api.directive.DirectiveView;
import io.cyberbrain.api.rag.RagViews;
import io.cyberbrain.api.run.RunViews;
import io.cyberbrain.api.schedule.ScheduleViews;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The UI's type-checked templates (src/main/resources/templates/ui/). */
@CheckedTemplate(basePath = "ui")
public class UiPages {

    public static native TemplateInstance login(String error, String next);

    public static native TemplateInstance dashboard(UiUser user, DashboardView dashboard);

    public static native TemplateInstance runs(UiUser user, RunListView list);

    public static native TemplateInstance run(UiUser user, RunPage page, String notice);

    public static native TemplateInstance run$live(UiUser user, RunPage page, String notice);

    public static native TemplateInstance launch(UiUser user, LaunchFormView form);

    public static native TemplateInstance schedules(UiUser user, List<ScheduleViews.ScheduleView> schedules, String notice);

    public static native TemplateInstance schedule(UiUser user, ScheduleViews.ScheduleView schedule,
                                                   List<ScheduleViews.FireView> history, int page, long total,
                                                   String notice);

    public static native TemplateInstance scheduleForm(UiUser user, ScheduleFormView form);

    public static native TemplateInstance schedulePreview(ScheduleViews.Preview preview, String error);

    public static native TemplateInstance library(UiUser user, LibraryView library, String notice);

    public static native TemplateInstance library$live(UiUser user, LibraryView library, String notice);

    public static native TemplateInstance search(UiUser user, String query, int topK, RagViews.SearchResult result,
                                                 String error);

    public static native TemplateInstance tokens(UiUser user, List<ApiTokenResource.TokenView> tokens,
                                                 ApiTokenResource.TokenView created, String secret, String error,
                                                 String name);

    public static native TemplateInstance directives(UiUser user, List<DirectiveView> directives);

    public static native TemplateInstance directiveForm(UiUser user, DirectivePagesResource.FormView form,
                                                        List<DirectiveView.Version> versions);

    public static native TemplateInstance allowlist(UiUser user, AllowlistPagesResource.AllowlistView allowlist,
                                                    String notice);

    public static native TemplateInstance notifications(UiUser user, NotificationPagesResource.NotificationsView page);

    public static native TemplateInstance notificationForm(UiUser user, NotificationFormView form);

    public static native TemplateInstance usage(UiUser user, UsagePagesResource.UsageView usage);

    public static native TemplateInstance error(UiUser user, int status, String title, String message);

    private UiPages() {
    }

    /** Pages' shared shapes, kept beside the templates that use them. */
    public record Option(String value, String label, boolean selected) {
    }

    /** A run with what its page shows besides the record: the report as HTML, its service map, its artifacts. */
    public record RunPage(RunViews.Detail run, String reportHtml, ServiceMapView serviceMap,
                          List<RunViews.ArtifactView> artifacts) {
    }

    /** Uploads (newest first) and documents; {@code busy} while something is queued or processing. */
    public record LibraryView(List<RagViews.UploadView> uploads, long uploadTotal, List<RagViews.DocumentView> documents,
                              long documentTotal) {

        public boolean busy() {
            return uploads.stream().anyMatch(u -> "queued".equals(u.status()) || "processing".equals(u.status()));
        }
    }

    public record RunListView(List<RunViews.Summary> runs, List<Option> statuses, List<Option> tasks,
                              List<Option> directives, List<Option> triggers, String since, String until, int page, int pages, long total,
                              String query) {

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages;
        }

        public int previousPage() {
            return page - 1;
        }

        public int nextPage() {
            return page + 1;
        }

        public int pageNumber() {
            return page + 1;
        }
    }
}
