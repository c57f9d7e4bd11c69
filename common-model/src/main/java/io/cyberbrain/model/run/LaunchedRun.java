package io.cyberbrain.model.run;

import java.util.List;

/** A run and its jobs as the launch path committed them. */
public record LaunchedRun(Run run, List<RunJob> jobs) {
}
