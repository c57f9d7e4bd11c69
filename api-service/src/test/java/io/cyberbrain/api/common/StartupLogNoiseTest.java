package io.cyberbrain.api.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The two known-harmless start-up warnings (a gauge registered once per pooled connection; the tokenizer's CUDA probe
 * on a machine with the CUDA runtime but no driver) are quietened by the shared defaults in common-model and rag-core,
 * while errors of the same loggers still show.
 */
@QuarkusTest
class StartupLogNoiseTest {

    @Test
    void theKnownHarmlessStartupWarningsAreQuietAndErrorsStillShow() {
        for (String category : new String[] {"io.micrometer.core.instrument.MeterRegistry", "ai.djl.util.cuda.CudaUtils"}) {
            Logger logger = Logger.getLogger(category);
            assertFalse(logger.isLoggable(Level.WARNING), category + " warnings");
            assertTrue(logger.isLoggable(Level.SEVERE), category + " errors");
        }
        assertTrue(Logger.getLogger("io.cyberbrain").isLoggable(Level.WARNING), "other warnings still show");
    }
}
