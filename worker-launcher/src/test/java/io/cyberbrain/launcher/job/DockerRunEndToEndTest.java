package io.cyberbrain.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cyberbrain.launcher.TestRuns;
import io.cyberbrain.launcher.execution.TestEngine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The run in ephemeral containers of the allowlisted worker image. */
@QuarkusTest
@TestProfile(DockerRunEndToEndTest.DockerExecutorProfile.class)
class DockerRunEndToEndTest extends ContainerHostRunTest {

    public static class DockerExecutorProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cyberbrain.launcher.executor", "docker",
                    "cyberbrain.launcher.docker.image", TestEngine.IMAGE,
                    "cyberbrain.launcher.docker.network", "none",
                    "cyberbrain.launcher.docker.host", engineHost());
        }
    }

    @Test
    void anImageOffTheAllowlistIsRefusedWithAClearError() throws Throwable {
        allowImage(false);
        long run = launchApproved("gpu_report");
        assertEquals("failed", awaitEnd(run));
        assertTrue(TestRuns.string(ds, "select error_summary from run_job where run_id = " + run)
                .contains("is not on the worker image allowlist"));
        assertEquals("error", TestRuns.string(ds, "select string_agg(event, ',') from worker_audit where run_id = " + run));
    }

}
