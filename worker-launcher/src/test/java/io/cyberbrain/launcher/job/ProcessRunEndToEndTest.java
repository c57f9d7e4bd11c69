package io.cyberbrain.launcher.job;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The same run with child-process workers; the inventory still comes from the engine. */
@QuarkusTest
@TestProfile(ProcessRunEndToEndTest.ProcessExecutorProfile.class)
class ProcessRunEndToEndTest extends ContainerHostRunTest {

    public static class ProcessExecutorProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cyberbrain.launcher.executor", "process",
                    "cyberbrain.launcher.docker.host", engineHost());
        }
    }
}
