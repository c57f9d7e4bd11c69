package io.cyberbrain.api.common;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Recognises Postgres constraint failures and an unreachable database, whatever layer wrapped them. */
public final class DatabaseErrors {

    /**
     * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), shutdown and start-up
     * (57P01..57P03), too many connections (53300).
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** The reactive client's own failures for a pool without a live server; it has no types for these. */
    private static final Set<String> CLIENT_MESSAGES = Set.of(
            "Timeout waiting for connection",
            "Pending requests failed to be sent due to connection has been closed.");
    private static final String NOT_ACTIVE = "Connection is not active now";

    private DatabaseErrors() {
    }

    public static boolean isUniqueViolation(Throwable e) {
        return hasSqlState(e, "23505");
    }

    public static boolean isForeignKeyViolation(Throwable e) {
        return hasSqlState(e, "23503");
    }

    /**
     * What the database said about a value a request carried, when that value broke a rule no check before the write
     * knew (a text longer than its column, a number out of its column's range, a missing or disallowed value), or
     * null for any other failure.
     */
    public static String refusedValue(Throwable e) {
        String state = sqlState(e);
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "22001" -> "a text is longer than the database stores for its field";
            case "22003" -> "a number is out of the range the database stores for its field";
            case "23502" -> "a required value is missing";
            case "23514" -> "a value is not allowed for its field";
            default -> state.startsWith("22") ? "a value cannot be stored (out of range or malformed)" : null;
        };
    }

    /** The database cannot be reached or cannot serve now: worth retrying later, not the request's fault. */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
                return true;
            }
            if ((t instanceof VertxException || t instanceof NoStackTraceThrowable) && t.getMessage() != null
                    && (CLIENT_MESSAGES.contains(t.getMessage()) || t.getMessage().startsWith(NOT_ACTIVE))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            // A failed flush of an entity: Hibernate Reactive reports the server's error as an SQLException, without
            // the PgException it came from.
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean hasSqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
