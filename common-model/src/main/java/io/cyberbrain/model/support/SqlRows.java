package io.cyberbrain.model.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * bound to {@code :rows}, which the statement reads with {@code jsonb_to_recordset(cast(cast(:rows as text) as
 * jsonb)) as r(column type, ...)}; the SQL text stays the same whatever the number of rows. (The inner cast makes
 * the parameter text: bound to a jsonb parameter, the reactive client would send the string as one JSON string.)
 * Instants are written as ISO-8601 text, which PostgreSQL reads exactly into {@code timestamptz}.
 */
public final class SqlRows {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The field {@link #insertReturningIds} adds to each row: its position in the list, from 0. */
    public static final String ORD = "ord";

    private SqlRows() {
    }

    /** Runs {@code sql} with {@code :rows} bound to {@code rows} as a JSON array; returns the rows changed. */
    public static Uni<Integer> execute(String sql, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql)
                .setParameter("rows", json(rows))
                .executeUpdate());
    }

    /**
     * Inserts rows and returns their new ids in the order of {@code rows}. Each row is given its position as
     * {@value #ORD}; {@code sql} numbers the rows itself and selects {@code id} ordered by it, for example
     * {@code with input as materialized (select r.*, nextval('t_id_seq') as id from jsonb_to_recordset(...) as r(ord
     * int, ...)), inserted as (insert into t ... select id, ... from input) select id from input order by ord}: one
     * round trip, and a row's id is known to the rows of other tables the same statement inserts. (Name the
     * identity's sequence, {@code <table>_id_seq}: {@code pg_get_serial_sequence} per row costs more than the
     * insert's own work.)
     *
     * @param shared documents many rows share, bound to {@code :shared} as one JSON array (rows hold positions in it)
     * @param now    bound to {@code :now}, the time the rows are written
     */
    public static Uni<List<Long>> insertReturningIds(String sql, List<Map<String, Object>> rows, Shared shared, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Map<String, Object>> numbered = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>(rows.get(i));
            row.put(ORD, i);
            numbered.add(row);
        }
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Long.class).setParameter("rows", json(numbered)).setParameter("now", now);
            if (shared != null) {
                query.setParameter("shared", json(shared.values));
            }
            return query.getResultList();
        }).invoke(ids -> {
            if (ids.size() != rows.size()) {
                throw new IllegalStateException(rows.size() + " rows inserted but " + ids.size() + " ids returned");
            }
        });
    }

    /**
     * Values that many rows of a batch carry (the same directive snapshot, the same job config): sent once, each
     * row holding a value's position, which the statement reads as {@code shared -> position}.
     */
    public static final class Shared {
        private final List<Object> values = new ArrayList<>();
        private final Map<Object, Integer> positions = new HashMap<>();

        /** The position of {@code value} (equal values share one). */
        public int add(Object value) {
            return positions.computeIfAbsent(value, v -> {
                values.add(v);
                return values.size() - 1;
            });
        }
    }

    private static String json(List<?> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rows not writable as JSON: " + e.getMessage(), e);
        }
    }
}
