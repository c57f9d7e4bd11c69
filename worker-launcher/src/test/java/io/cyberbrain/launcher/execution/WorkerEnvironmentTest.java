package io.cyberbrain.launcher.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WorkerEnvironmentTest {

    final Map<String, String> launcher = Map.of("LLM_KEY", "val-llm-9", "HOOK_TOKEN", "val-hook-9", "UNNAMED", "val-unnamed-9", "BLANK", " ");

    @Test
    void onlyVariablesBothNamedByTheConfigOrDirectiveAndAllowedAndSetArePassed() {
        WorkerEnvironment environment = new WorkerEnvironment(Set.of("LLM_KEY", "HOOK_TOKEN", "UNNAMED", "MISSING", "BLANK"),
                launcher::get);

        WorkerEnvironment.Selection selected = environment.select(
                Map.of("llm", Map.of("api_key_env", "LLM_KEY"), "a_env", "MISSING", "b_env", "BLANK", "c_env", "SECRET_X"),
                Map.of("config", Map.of("hooks.token_env", "HOOK_TOKEN", "llm.api_key_env", "LLM_KEY")));

        assertEquals(Map.of("LLM_KEY", "val-llm-9", "HOOK_TOKEN", "val-hook-9"), selected.variables());
        assertEquals(List.of("SECRET_X"), selected.notAllowed());
        assertEquals(List.of("BLANK", "MISSING"), selected.unset());
        assertFalse(selected.complete());
        assertEquals("worker environment: passed HOOK_TOKEN, LLM_KEY; not passed SECRET_X (not allowed by "
                + "cyberbrain.launcher.worker-env-allowed); not passed BLANK, MISSING (not set for the launcher)", selected.summary());
        assertFalse(selected.toString().contains("val-"), selected.toString());
    }

    @Test
    void nothingIsPassedByDefaultOrWithoutReferences() {
        WorkerEnvironment.Selection none = new WorkerEnvironment(Set.of(), launcher::get).select(Map.of("llm.api_key_env", "LLM_KEY"));
        assertEquals(Map.of(), none.variables());
        assertEquals(List.of("LLM_KEY"), none.notAllowed());

        WorkerEnvironment.Selection unreferenced = new WorkerEnvironment(Set.of("LLM_KEY"), launcher::get).select(Map.of(), null);
        assertEquals(Map.of(), unreferenced.variables());
        assertTrue(unreferenced.complete());
        assertEquals("", unreferenced.summary());
    }
}
