package io.cyberbrain.api.investigation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the scripted model server for the application under test and points the planner at it (2 s to answer). */
public class ModelServerResource implements QuarkusTestResourceLifecycleManager {

    private ScriptedChatServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("cyberbrain.investigation.llm.endpoint", server.baseUrl(),
                "cyberbrain.investigation.llm.model", "test-model",
                "cyberbrain.investigation.llm.timeout", "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
