package io.cyberbrain.model.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A run's target: its three forms accepted, everything else refused with the field. */
class TargetTest {

    private final List<String> errors = new ArrayList<>();

    private Target validate(String host, Map<String, String> labels, Boolean all) {
        return Target.validate(host, labels, all, "target", (field, message) -> errors.add(field + ": " + message));
    }

    @Test
    void aHostALabelSelectorAndAllAreTheThreeForms() {
        assertEquals(Map.of("host", "gpu-box"), validate("gpu-box", null, null).toConfig());
        assertEquals(Map.of("labels", Map.of("gpu", "true")), validate(null, Map.of("gpu", "true"), null).toConfig());
        assertEquals(Map.of("all", true), validate(null, null, true).toConfig());
        Target gpuHosts = validate(null, Map.of("gpu", "true", "site", "basement"), true);
        assertTrue(gpuHosts.fansOut());
        assertEquals(gpuHosts, Target.fromConfig(gpuHosts.toConfig()), "stored and read back unchanged");
        assertEquals(List.of(), errors);
    }

    @Test
    void anEmptyOrContradictoryTargetIsRefusedWithItsField() {
        assertNull(validate(null, null, null));
        assertNull(validate(null, Map.of(), false));
        assertNull(validate("a", Map.of("gpu", "true"), null));
        assertNull(validate("a", null, true));
        assertNull(validate("not a host!", null, null));
        assertNull(validate(null, Map.of("bad key", "x"), null));
        assertNull(validate(null, Map.of("gpu", "yes please"), null));
        assertEquals(List.of("target: name a host, labels, or all: true", "target: name a host, labels, or all: true",
                "target: a host target names one host: give host alone, or labels and/or all",
                "target: a host target names one host: give host alone, or labels and/or all",
                "target.host: must be a host name: letters, digits, '.', '_' and '-', at most 200 characters",
                "target.labels: label key 'bad key' must be letters, digits, '.', '_', '/' and '-', at most 63",
                "target.labels.gpu: must be letters, digits, '.', '_' and '-', at most 63 characters"), errors);
    }

    @Test
    void aSelectorMatchesHostsWhoseLabelsContainIt() {
        Target gpu = validate(null, Map.of("gpu", "true"), true);
        assertTrue(gpu.matches("a", Map.of("gpu", "true", "site", "attic")));
        assertFalse(gpu.matches("b", Map.of("gpu", "false")));
        assertFalse(gpu.matches("c", Map.of()));
        assertTrue(validate(null, null, true).matches("any", Map.of()), "all without labels: every host");
        assertTrue(validate("a", null, null).matches("a", Map.of()));
        assertFalse(validate("a", null, null).matches("b", Map.of()));
    }

    @Test
    void labelsWrittenAsPairsAreParsedAndChecked() {
        assertEquals(Map.of("gpu", "true", "site", "basement"),
                Target.labelsFromPairs(List.of("gpu=true", " site = basement ", ""), "labels", (f, m) -> errors.add(m)));
        assertEquals(List.of(), errors);
        Target.labelsFromPairs(List.of("novalue"), "labels", (f, m) -> errors.add(m));
        assertEquals(List.of("'novalue' is not key=value"), errors);
    }
}
