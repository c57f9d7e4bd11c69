package io.cyberbrain.api.investigation;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The investigation engine on, planning with the scripted local model server ({@link ModelServerResource}). */
public class EngineWithModel implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return EngineOn.engine();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ModelServerResource.class));
    }
}
