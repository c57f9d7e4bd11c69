package io.cyberbrain.model.support;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Set-based writes in the caller's transaction: many rows in one statement. The rows travel as one JSON array
 * bound to {@code :rows}, which the statement reads with {@code jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as
 * r(column type, ...)}; the SQL text stays the same whatever the number of rows. Instants are written as ISO-8601
 * text, which PostgreSQL reads exactly into {@code timestamptz}.
 */
public final class SqlRows {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private SqlRows() {
    }

    /**
     * {@code n} fresh ids of {@code table}'s identity column, ascending: a batch knows each row's id before it
     * inserts, so that rows of other tables can refer to them in the same round.
     *
     * @param table a constant of the caller, never input
     */
    public static Uni<List<Long>> nextIds(String table, int n) {
        if (n == 0) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select nextval(pg_get_serial_sequence('" + table + "', 'id')) from generate_series(1, :n)",
                        Long.class)
                .setParameter("n", n)
                .getResultList())
                .map(ids -> ids.stream().sorted().toList());
    }

    /** Runs {@code sql} with {@code :rows} bound to {@code rows} as a JSON array; returns the rows changed. */
    public static Uni<Integer> execute(String sql, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String json;
        try {
            json = JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rows not writable as JSON: " + e.getMessage(), e);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql)
                .setParameter("rows", json)
                .executeUpdate());
    }
}
