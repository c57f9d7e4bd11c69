package io.cyberbrain.worker.task.triage.llm;

/**
 * One accepted classification: validated values only.
 *
 * @param templateIndex index of the template in the list given to {@link TemplateClassifier#classify}
 */
public record TemplateClassification(int templateIndex, TemplateCategory category, TemplateSeverity severity) {
}
