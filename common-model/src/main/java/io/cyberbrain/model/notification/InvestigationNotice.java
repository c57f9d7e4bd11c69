package io.cyberbrain.model.notification;

import java.time.Duration;

import io.cyberbrain.model.investigation.InvestigationStatus;

/**
 * What a notification says about an investigation that ended: counts only, like {@link RunNotice}; no field can hold a
 * goal, a finding or anything a model wrote.
 *
 * @param stepsDone    tool steps that ran to their end (done or failed)
 * @param stepsNotDone tool steps not done (forbidden, denied, over a budget, cancelled)
 */
public record InvestigationNotice(long investigationId, InvestigationStatus status, int stepsDone, int stepsNotDone,
                                  long totalTokens, Duration duration) {
}
