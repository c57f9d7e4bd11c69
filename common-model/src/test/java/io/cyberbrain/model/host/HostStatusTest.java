package io.cyberbrain.model.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A host's status follows its last heartbeat and the configured thresholds; a graceful stop is offline at once. */
class HostStatusTest {

    static final HostsConfig CONFIG = new HostsConfig() {
        @Override
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(15);
        }

        @Override
        public Duration staleAfter() {
            return Duration.ofSeconds(45);
        }

        @Override
        public Duration offlineAfter() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration unplacedTimeout() {
            return Duration.ofMinutes(10);
        }
    };
    static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    @Test
    void statusFollowsTheLastHeartbeat() {
        assertEquals(HostStatus.ONLINE, HostStatus.of(NOW.minusSeconds(45), null, NOW, CONFIG));
        assertEquals(HostStatus.STALE, HostStatus.of(NOW.minusSeconds(46), null, NOW, CONFIG));
        assertEquals(HostStatus.STALE, HostStatus.of(NOW.minusSeconds(300), null, NOW, CONFIG));
        assertEquals(HostStatus.OFFLINE, HostStatus.of(NOW.minusSeconds(301), null, NOW, CONFIG));
    }

    @Test
    void aStoppedHostIsOfflineUntilItHeartBeatsAgain() {
        assertEquals(HostStatus.OFFLINE, HostStatus.of(NOW.minusSeconds(5), NOW.minusSeconds(1), NOW, CONFIG));
        assertEquals(HostStatus.ONLINE, HostStatus.of(NOW.minusSeconds(1), NOW.minusSeconds(5), NOW, CONFIG),
                "a launcher of the same host started again");
    }
}
