package io.cyberbrain.launcher.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5));

    @Test
    void doublesAfterEachFailureUpToTheCap() {
        assertEquals(Duration.ofSeconds(30), backoff.delay(1, null));
        assertEquals(Duration.ofSeconds(60), backoff.delay(2, null));
        assertEquals(Duration.ofSeconds(120), backoff.delay(3, null));
        assertEquals(Duration.ofMinutes(5), backoff.delay(5, null));
        assertEquals(Duration.ofMinutes(5), backoff.delay(1_000, null));
    }

    @Test
    void neverSoonerThanTheReceiverAsked() {
        assertEquals(Duration.ofSeconds(90), backoff.delay(1, Duration.ofSeconds(90)));
        assertEquals(Duration.ofSeconds(60), backoff.delay(2, Duration.ofSeconds(1)));
        assertEquals(Duration.ofMinutes(20), backoff.delay(9, Duration.ofMinutes(20)));
    }
}
