package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cyberbrain.policy.ConfigSecrets;

/**
 * Masks secrets stored in clear in configs before the API refused them: directives and their versions, jobs'
 * defaults, and the snapshots runs and run jobs took. In Java rather than SQL so that it applies the one
 * {@link ConfigSecrets} rule the API and the worker apply.
 */
public class V7__Mask_clear_secrets_in_configs extends BaseJavaMigration {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Override
    public void migrate(Context context) throws Exception {
        maskAll(context.getConnection());
    }

    /** Rewrites every stored config that holds a secret in clear; returns how many rows changed. */
    public static int maskAll(Connection c) throws SQLException {
        return mask(c, "directive", "task_config", null)
                + mask(c, "directive_version", "task_config", null)
                + mask(c, "job", "default_config", null)
                + mask(c, "run", "directive_snapshot", "config")
                + mask(c, "run_job", "config", null);
    }

    /** @param member the object inside the column that is the config, or null for the column itself */
    private static int mask(Connection c, String table, String column, String member) throws SQLException {
        List<Object[]> changed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, " + column + "::text from " + table);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String json = rs.getString(2);
                String masked = json == null ? null : masked(json, member);
                if (masked != null) {
                    changed.add(new Object[] {masked, rs.getLong(1)});
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("update " + table + " set " + column + " = ?::jsonb where id = ?")) {
            for (Object[] row : changed) {
                ps.setString(1, (String) row[0]);
                ps.setLong(2, (Long) row[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return changed.size();
    }

    /** The column's JSON with the config masked, or null when there was nothing to mask. */
    @SuppressWarnings("unchecked")
    static String masked(String json, String member) {
        try {
            if (!json.strip().startsWith("{")) {
                return null;
            }
            Map<String, Object> value = MAPPER.readValue(json, OBJECT);
            Object config = member == null ? value : value.get(member);
            if (!(config instanceof Map<?, ?> m) || ConfigSecrets.find((Map<String, ?>) m).isEmpty()) {
                return null;
            }
            Map<String, Object> shown = ConfigSecrets.masked((Map<String, ?>) m);
            if (member == null) {
                return MAPPER.writeValueAsString(shown);
            }
            value.put(member, shown);
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
