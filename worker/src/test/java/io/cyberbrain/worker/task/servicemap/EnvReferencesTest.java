package io.cyberbrain.worker.task.servicemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cyberbrain.worker.task.servicemap.EnvReferences.HostRef;

class EnvReferencesTest {

    static List<HostRef> scan(String... entries) {
        return EnvReferences.scan(java.util.Arrays.stream(entries)
                .map(e -> new EnvVar(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1))).toList());
    }

    @Test
    void urlKeepsOnlyHostAndPortAndDropsUserInfoAndPath() {
        assertEquals(List.of(new HostRef("DATABASE_URL", "db", 5432, "postgres")),
                scan("DATABASE_URL=postgres://app:secret@db:5432/app?sslmode=disable"));
    }

    @Test
    void jdbcUrlAndUrlWithoutPortAreFound() {
        assertEquals(List.of(new HostRef("JDBC", "pg", 5432, "postgresql")), scan("JDBC=jdbc:postgresql://pg:5432/x"));
        assertEquals(List.of(new HostRef("API", "api", null, "http")), scan("API=http://api/v1"));
    }

    @Test
    void multiHostUrlAndHostPortListsYieldEveryHost() {
        assertEquals(List.of(new HostRef("MONGO", "m1", 27017, "mongodb"), new HostRef("MONGO", "m2", 27018, "mongodb")),
                scan("MONGO=mongodb://u:p@m1:27017,m2:27018/db"));
        assertEquals(List.of(new HostRef("BROKERS", "kafka-1", 9092, null), new HostRef("BROKERS", "kafka-2", 9092, null)),
                scan("BROKERS=kafka-1:9092, kafka-2:9092"));
    }

    @Test
    void bareNameCountsOnlyInHostLikeVariablesAndTakesTheSiblingPort() {
        assertEquals(List.of(new HostRef("POSTGRES_HOST", "db", 5432, null)),
                scan("POSTGRES_HOST=db", "POSTGRES_PORT=5432"));
        assertEquals(List.of(new HostRef("REDIS_ADDR", "cache", null, null)), scan("REDIS_ADDR=cache"));
        assertEquals(List.of(new HostRef("SMTP_SERVER", "mail", null, null)), scan("SMTP_SERVER=Mail."));
        assertTrue(scan("LOG_LEVEL=db", "POSTGRES_DB=db", "TZ=Europe/Berlin").isEmpty());
    }

    @Test
    void numbersAddressesAndHugeValuesAreNotHosts() {
        assertTrue(scan("TIME=12:30", "DB_HOST=10.0.0.5", "V6_URL=http://[fd00::1]:80/").isEmpty());
        assertTrue(scan("CERT=" + "a:1 ".repeat(2000)).isEmpty());
    }
}
