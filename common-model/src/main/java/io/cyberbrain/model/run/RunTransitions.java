package io.cyberbrain.model.run;

import static io.cyberbrain.model.run.RunStatus.AWAITING_APPROVAL;
import static io.cyberbrain.model.run.RunStatus.CANCELLED;
import static io.cyberbrain.model.run.RunStatus.FAILED;
import static io.cyberbrain.model.run.RunStatus.PENDING;
import static io.cyberbrain.model.run.RunStatus.RUNNING;
import static io.cyberbrain.model.run.RunStatus.SUCCESS;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.cyberbrain.model.error.ConflictException;

/**
 * The one table of a run's state changes, for both sides that make them: people through the API (approve, deny,
 * cancel: {@link RunDecisionService}) and the launcher (start, end: its store's guarded updates, which take their
 * {@code where status in (...)} from {@link #sqlFrom}). A run that ended never changes again.
 */
public final class RunTransitions {

    private static final Map<RunStatus, Set<RunStatus>> NEXT = new EnumMap<>(Map.of(
            AWAITING_APPROVAL, EnumSet.of(PENDING, CANCELLED),
            PENDING, EnumSet.of(RUNNING, SUCCESS, FAILED, CANCELLED),
            RUNNING, EnumSet.of(SUCCESS, FAILED, CANCELLED),
            SUCCESS, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class)));

    private RunTransitions() {
    }

    public static boolean allowed(RunStatus from, RunStatus to) {
        return NEXT.get(from).contains(to);
    }

    /** The states a run may be in to move to {@code to}. */
    public static Set<RunStatus> from(RunStatus to) {
        return Arrays.stream(RunStatus.values()).filter(s -> allowed(s, to))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunStatus.class)));
    }

    /** {@code status in ('pending', 'running')}: the guard of an update that moves a run to {@code to}. */
    public static String sqlFrom(RunStatus to) {
        Set<RunStatus> from = from(to);
        if (from.isEmpty()) {
            throw new IllegalArgumentException("no run moves to " + to.wire());
        }
        return from.stream().map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "status in (", ")"));
    }

    /** A person's change refused with 409 and what the run is now. */
    public static void require(long runId, RunStatus from, RunStatus to, String wanted) {
        if (!allowed(from, to)) {
            throw new ConflictException("run " + runId + " is " + from.wire() + ", " + wanted);
        }
    }
}
