package io.cyberbrain.worker.task.gpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row remapping (Ampere and later, replaces page retirement). Pending remaps need a GPU reset; a
 * failure means the board ran out of spare rows.
 */
public record RemappedRows(Integer correctable, Integer uncorrectable, Boolean pending, Boolean failure) {

    public static final RemappedRows UNKNOWN = new RemappedRows(null, null, null, null);

    public boolean reported() {
        return correctable != null || uncorrectable != null || pending != null || failure != null;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("correctable", correctable);
        m.put("uncorrectable", uncorrectable);
        m.put("pending", pending);
        m.put("failure", failure);
        return m;
    }
}
