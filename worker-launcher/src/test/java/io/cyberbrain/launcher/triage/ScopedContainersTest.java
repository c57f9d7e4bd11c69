package io.cyberbrain.launcher.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Which containers' logs a triage collects: the enabled allowlist, narrowed by the run's scope. */
class ScopedContainersTest {

    private static final Set<String> ENABLED = Set.of("a1", "b2", "c3");

    @Test
    void withoutAScopeEveryEnabledContainerIsRead() {
        assertEquals(ENABLED, LogTriageSide.scopedContainers(ENABLED, Map.of()));
    }

    @Test
    void aScopeReadsOnlyTheContainersItNamesThatAreStillEnabled() {
        Map<String, Object> config = Map.of("log_scope", Map.of("files", List.of(), "containers", List.of("b2", "gone")));
        assertEquals(Set.of("b2"), LogTriageSide.scopedContainers(ENABLED, config));
    }

    @Test
    void aScopeNamingOnlyFilesReadsNoContainer() {
        Map<String, Object> config = Map.of("log_scope", Map.of("files", List.of("app.log")));
        assertEquals(Set.of(), LogTriageSide.scopedContainers(ENABLED, config));
    }
}
