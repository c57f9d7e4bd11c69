package io.cyberbrain.api.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The templates every page shares (src/main/resources/templates/ui/): the error page. Each feature declares its own
 * pages' templates beside its page resource.
 */
@CheckedTemplate(basePath = "ui")
public class UiPages {

    public static native TemplateInstance error(UiUser user, int status, String title, String message);

    private UiPages() {
    }

    /** A choice in a select list, shared by the pages' forms. */
    public record Option(String value, String label, boolean selected) {
    }
}
