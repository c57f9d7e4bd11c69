package io.cyberbrain.model.claim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cyberbrain.embeddeddb.EmbeddedPostgresServer;
import io.cyberbrain.model.config.PostgresUrlConfigSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;

/**
 * A second host reaches the central database over TLS with {@code POSTGRES_URL=...?sslmode=verify-full&sslrootcert=CA}:
 * against a real PostgreSQL with TLS on (a certificate for {@code localhost} signed by a CA the test makes), the settings
 * {@link PostgresUrlConfigSource} derives from that URL make the JDBC driver (Flyway), the reactive pool and the LISTEN
 * connection ({@link PgListener}) connect encrypted and verified, and refuse a server whose certificate names another
 * host or comes from another CA.
 */
class PostgresTlsTest {

    private static final int NOBODY = 65534;

    private static Path dir;
    private static EmbeddedPostgresServer db;
    private static Path ca;
    private static Path otherCa;
    private static Vertx vertx;

    @BeforeAll
    static void serverWithTls() throws Exception {
        dir = Files.createTempDirectory("cb-postgres-tls-");
        // PostgreSQL may run as nobody (when tests run as root) and must reach its data folder and its key.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        KeyPair caKeys = keys();
        X509CertificateHolder caCert = caCertificate("cyberbrain test CA", caKeys);
        KeyPair serverKeys = keys();
        X509CertificateHolder serverCert = serverCertificate(caCert, caKeys, serverKeys, "localhost");
        ca = pem(dir.resolve("ca.crt"), caCert);
        otherCa = pem(dir.resolve("other-ca.crt"), caCertificate("another CA", keys()));
        Path cert = pem(dir.resolve("server.crt"), serverCert);
        Path key = pem(dir.resolve("server.key"), serverKeys.getPrivate());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        if (isRoot()) {
            Files.setAttribute(key, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(cert, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        }
        db = EmbeddedPostgresServer.start(dir.resolve("data"), 0, dir.resolve("postgres.log"));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "");
             Statement s = c.createStatement()) {
            s.execute("alter system set ssl_cert_file = '" + cert + "'");
            s.execute("alter system set ssl_key_file = '" + key + "'");
            s.execute("alter system set ssl = on");
            s.execute("select pg_reload_conf()");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "on".equals(plainValue("show ssl")));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws IOException {
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theDriversAndTheListenConnectionReachAServerVerifiedByTheCaAndHostOfPostgresUrl() throws Exception {
        Map<String, String> settings = PostgresUrlConfigSource.parse(url("localhost", "verify-full", ca));

        assertEquals("true", jdbcValue(settings, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()"));
        assertEquals("true", reactiveValue(settings, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()"));

        PgListener listener = new PgListener(vertx, settings.get("quarkus.datasource.reactive.url"),
                EmbeddedPostgresServer.SUPERUSER, Optional.empty(), certificates(settings), hostnameCheck(settings));
        CompletableFuture<String> heard = new CompletableFuture<>();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        try (PgListener.Subscription ignored = listener.listen(Map.of("tls_test", heard::complete), () -> connected.complete(null),
                "none")) {
            connected.get(30, TimeUnit.SECONDS);
            plainValue("select pg_notify('tls_test', 'over tls')::text");
            assertEquals("over tls", heard.get(30, TimeUnit.SECONDS));
            assertEquals("true", plainValue("select bool_and(s.ssl)::text from pg_stat_ssl s join pg_stat_activity a"
                    + " on a.pid = s.pid where a.query ilike 'LISTEN%tls_test%'"));
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnderVerifyFullAndAcceptedUnderVerifyCa() {
        // The server's certificate names localhost only; 127.0.0.1 is the same server under another name.
        Map<String, String> full = PostgresUrlConfigSource.parse(url("127.0.0.1", "verify-full", ca));
        Map<String, String> caOnly = PostgresUrlConfigSource.parse(url("127.0.0.1", "verify-ca", ca));

        assertThrows(SQLException.class, () -> jdbcValue(full, "select 1"));
        assertThrows(Exception.class, () -> reactiveValue(full, "select 1"));
        assertFalse(caOnly.containsKey("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("1", assertDoesNotFail(() -> jdbcValue(caOnly, "select 1::text")));
        assertEquals("1", assertDoesNotFail(() -> reactiveValue(caOnly, "select 1::text")));
    }

    @Test
    void aServerSignedByAnotherCaIsRefused() {
        Map<String, String> settings = PostgresUrlConfigSource.parse(url("localhost", "verify-full", otherCa));

        assertThrows(SQLException.class, () -> jdbcValue(settings, "select 1"));
        assertThrows(Exception.class, () -> reactiveValue(settings, "select 1"));
    }

    // ---- clients as the services build them -------------------------------------------------------------

    private static String url(String host, String mode, Path rootCert) {
        return "postgresql://" + EmbeddedPostgresServer.SUPERUSER + "@" + host + ":" + db.port() + "/postgres?sslmode=" + mode
                + "&sslrootcert=" + rootCert;
    }

    private static String jdbcValue(Map<String, String> settings, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.get("quarkus.datasource.jdbc.url"),
                settings.get("quarkus.datasource.username"), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** One query on a pool with the options Quarkus builds from these settings, as {@link PgListener#options} does. */
    private static String reactiveValue(Map<String, String> settings, String sql) {
        PgConnectOptions options = PgListener.options(settings.get("quarkus.datasource.reactive.url"),
                settings.get("quarkus.datasource.username"), Optional.empty(), certificates(settings), hostnameCheck(settings));
        Pool pool = Pool.newInstance(PgBuilder.pool().connectingTo(options).using(vertx.getDelegate()).build());
        try {
            return pool.query(sql).execute().await().atMost(Duration.ofSeconds(30)).iterator().next().getValue(0).toString();
        } finally {
            pool.closeAndAwait();
        }
    }

    private static Optional<List<String>> certificates(Map<String, String> settings) {
        return Optional.ofNullable(settings.get("quarkus.datasource.reactive.trust-certificate-pem.certs")).map(List::of);
    }

    private static Optional<String> hostnameCheck(Map<String, String> settings) {
        return Optional.ofNullable(settings.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
    }

    private static String plainValue(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), EmbeddedPostgresServer.SUPERUSER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private interface Query {
        String run() throws Exception;
    }

    private static String assertDoesNotFail(Query query) {
        try {
            return query.run();
        } catch (Exception e) {
            throw new AssertionError("refused: " + e, e);
        }
    }

    // ---- certificates -------------------------------------------------------------------------------------

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509CertificateHolder caCertificate(String name, KeyPair keys) throws IOException, OperatorCreationException {
        X500Name subject = new X500Name("CN=" + name);
        return new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, notBefore(), notAfter(), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
    }

    private static X509CertificateHolder serverCertificate(X509CertificateHolder ca, KeyPair caKeys, KeyPair keys, String host)
            throws IOException, OperatorCreationException {
        return new JcaX509v3CertificateBuilder(ca.getSubject(), BigInteger.TWO, notBefore(), notAfter(),
                new X500Name("CN=" + host), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate()));
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    private static Path pem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return file;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
