package io.cyberbrain.api.run;

import java.util.List;

import io.cyberbrain.api.directive.DirectiveView;

/** The launch page: directives to choose from and, after a refused post, what was entered and why it was refused. */
public record LaunchFormView(List<DirectiveView> directives, List<String> tasks, Long directiveId, String customText,
                             boolean useRag, String scope, String error) {

    public boolean taskChosen(String task) {
        return tasks.contains(task);
    }

    public boolean directiveChosen(Long id) {
        return id != null && id.equals(directiveId);
    }
}
