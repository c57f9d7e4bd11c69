package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamic page retirement (pre-Ampere boards): pages taken out of service after ECC errors. A
 * pending retirement only takes effect after a GPU reset, so it is worth a warning.
 */
public record RetiredPages(Integer singleBitCount, Integer doubleBitCount, Boolean pending) {

    public static final RetiredPages UNKNOWN = new RetiredPages(null, null, null);

    public boolean reported() {
        return singleBitCount != null || doubleBitCount != null || pending != null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("single_bit", singleBitCount);
        m.put("double_bit", doubleBitCount);
        m.put("pending", pending);
        return m;
    }
}
