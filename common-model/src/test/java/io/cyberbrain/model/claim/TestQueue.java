package io.cyberbrain.model.claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;

/**
 * A real PostgreSQL with one lease-claimed table, {@code queue_row}, and what a {@link QueueConsumer} is built from:
 * claimer, listener and a clock the test moves.
 */
final class TestQueue implements AutoCloseable {

    static final String CHANNEL = "queue_row_ready";
    static final ClaimSpec SPEC = new ClaimSpec("queue_row", "status = 'ready'", "id", "status = 'working'",
            "status = 'working'", "status = 'ready'", "status = 'failed', note = :reason", true);

    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final Path dir;
    private final EmbeddedPostgresServer db;
    private final Vertx vertx;
    private final Pool pool;
    private final PgListener listener;
    private final String jdbc;

    TestQueue() throws Exception {
        dir = Files.createTempDirectory("cb-queue-consumer-");
        // PostgreSQL may run as nobody (when tests run as root) and must reach its data folder.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = EmbeddedPostgresServer.start(dir.resolve("data"), 0, dir.resolve("postgres.log"));
        db.createDatabase("queue");
        jdbc = db.jdbcUrl("queue");
        execute("""
                create table queue_row (
                    id bigserial primary key,
                    status text not null default 'ready',
                    lease_owner text,
                    lease_expires_at timestamptz,
                    heartbeat_at timestamptz,
                    attempts int not null default 0,
                    max_attempts int not null default 3,
                    note text)""");
        vertx = Vertx.vertx();
        String url = "postgresql://127.0.0.1:" + db.port() + "/queue";
        pool = Pool.newInstance(PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)
                .setUser(EmbeddedPostgresServer.SUPERUSER)).using(vertx.getDelegate()).build());
        listener = new PgListener(vertx, url, EmbeddedPostgresServer.SUPERUSER, Optional.empty(), Optional.empty(), Optional.empty());
    }

    QueueConsumer consumer(String owner, QueueSettings.Timing timing, Optional<String> channel, QueueSettings.OnStop onStop,
                           ClaimWork work) {
        return new QueueConsumers(new LeaseClaimer(pool, clock, new SimpleMeterRegistry()), listener, clock)
                .create(new QueueSettings("row", SPEC, owner, 2, timing, channel, onStop), work);
    }

    static QueueSettings.Timing timing(Duration heartbeat, Duration poll) {
        return new QueueSettings.Timing(Duration.ofMinutes(1), heartbeat, poll, 3);
    }

    long insertReady() throws SQLException {
        return Long.parseLong(value("insert into queue_row default values returning id"));
    }

    /** A row a holder that died left behind: its lease ended before the test clock's now. */
    long insertExpired(int attempts) throws SQLException {
        return Long.parseLong(value("insert into queue_row (status, lease_owner, lease_expires_at, attempts) values ('working',"
                + " 'dead', '" + clock.instant().minusSeconds(1) + "', " + attempts + ") returning id"));
    }

    String row(long id) throws SQLException {
        return value("select status || ' ' || coalesce(lease_owner, '-') || ' ' || attempts from queue_row where id = " + id);
    }

    Instant leaseExpiry(long id) throws SQLException {
        return Instant.parse(value("select to_char(lease_expires_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                + " from queue_row where id = " + id));
    }

    /** Whether a session of this database has LISTENed to {@link #CHANNEL} (its last statement says so). */
    boolean listening() throws SQLException {
        return Long.parseLong(value("select count(*) from pg_stat_activity where datname = 'queue'"
                + " and query ilike 'LISTEN%" + CHANNEL + "%'")) > 0;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbc, EmbeddedPostgresServer.SUPERUSER, "");
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String value(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() {
        pool.close().await().indefinitely();
        vertx.close().await().indefinitely();
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    /** A clock that moves only when the test says so. */
    static final class TestClock extends Clock {

        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(i -> i.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
