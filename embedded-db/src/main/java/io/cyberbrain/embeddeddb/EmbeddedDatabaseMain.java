package io.cyberbrain.embeddeddb;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an embedded PostgreSQL in the foreground for the local launcher:
 * {@code java -jar embedded-db.jar DATA_DIR PORT DATABASE [LOG_FILE]}. Prints {@code READY <jdbc-url>} once
 * the database accepts connections and stops the server on SIGTERM.
 */
public final class EmbeddedDatabaseMain {

    private EmbeddedDatabaseMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: embedded-db DATA_DIR PORT DATABASE [LOG_FILE]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        Path log = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : null;
        if (log != null) {
            Files.createDirectories(log.getParent());
        }
        // The product's own data: every commit reaches the disk.
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port, log, true);
        server.createDatabase(database);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-db-shutdown"));
        System.out.println("READY " + server.jdbcUrl(database));
        System.out.flush();
        server.awaitExit();
        System.err.println("embedded PostgreSQL stopped unexpectedly");
        System.exit(1);
    }
}
