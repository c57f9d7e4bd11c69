package io.cyberbrain.model.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import io.cyberbrain.model.error.ConflictException;

class RunTransitionsTest {

    @Test
    void anEndedRunNeverChangesAgain() {
        for (RunStatus ended : EnumSet.of(RunStatus.SUCCESS, RunStatus.FAILED, RunStatus.CANCELLED)) {
            for (RunStatus to : RunStatus.values()) {
                assertFalse(RunTransitions.allowed(ended, to), ended + " -> " + to);
            }
        }
    }

    @Test
    void onlyAnApprovalPutsARunBackToPendingAndAWaitingRunCanOnlyBeApprovedOrCancelled() {
        assertEquals(EnumSet.of(RunStatus.AWAITING_APPROVAL), RunTransitions.from(RunStatus.PENDING));
        assertFalse(RunTransitions.allowed(RunStatus.AWAITING_APPROVAL, RunStatus.RUNNING));
        assertFalse(RunTransitions.allowed(RunStatus.AWAITING_APPROVAL, RunStatus.FAILED));
        assertTrue(RunTransitions.allowed(RunStatus.AWAITING_APPROVAL, RunStatus.CANCELLED));
    }

    @Test
    void theLaunchersGuardsComeFromTheTable() {
        assertEquals("status in ('pending')", RunTransitions.sqlFrom(RunStatus.RUNNING));
        assertEquals("status in ('pending', 'running')", RunTransitions.sqlFrom(RunStatus.SUCCESS));
        assertEquals("status in ('pending', 'running')", RunTransitions.sqlFrom(RunStatus.FAILED));
        assertEquals("status in ('pending', 'awaiting_approval', 'running')", RunTransitions.sqlFrom(RunStatus.CANCELLED));
    }

    @Test
    void aRefusedDecisionIsAConflictNamingTheRunsState() {
        ConflictException e = assertThrows(ConflictException.class,
                () -> RunTransitions.require(7, RunStatus.RUNNING, RunStatus.PENDING, "not awaiting approval"));
        assertEquals("run 7 is running, not awaiting approval", e.getMessage());
    }
}
