package dev.saffron.spice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void neverAllowsNoAttempt() {
        ReconnectPolicy never = ReconnectPolicy.never();
        assertFalse(never.enabled());
        assertFalse(never.allows(1, Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> never.withMaxAttempts(3));
    }

    @Test
    void delaysDoubleUpToTheMaximum() {
        ReconnectPolicy policy = ReconnectPolicy.backoff(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertEquals(Duration.ofMillis(250), policy.delayBefore(1));
        assertEquals(Duration.ofMillis(500), policy.delayBefore(2));
        assertEquals(Duration.ofMillis(1000), policy.delayBefore(3));
        assertEquals(Duration.ofMillis(2000), policy.delayBefore(4));
        assertEquals(Duration.ofMillis(3000), policy.delayBefore(5));
        assertEquals(Duration.ofMillis(3000), policy.delayBefore(Integer.MAX_VALUE));
    }

    @Test
    void aZeroInitialDelayStillGrows() {
        ReconnectPolicy policy = ReconnectPolicy.backoff(Duration.ZERO, Duration.ofMillis(4));
        assertEquals(Duration.ZERO, policy.delayBefore(1));
        assertEquals(Duration.ofMillis(1), policy.delayBefore(2));
        assertEquals(Duration.ofMillis(4), policy.delayBefore(10));
    }

    @Test
    void boundsEndTheAttempts() {
        ReconnectPolicy counted = ReconnectPolicy.backoff(SECOND, SECOND).withMaxAttempts(3);
        assertTrue(counted.allows(3, Duration.ofHours(1)));
        assertFalse(counted.allows(4, Duration.ZERO));

        ReconnectPolicy timed = ReconnectPolicy.backoff(SECOND, SECOND).withGiveUpAfter(Duration.ofSeconds(30));
        assertTrue(timed.allows(1000, Duration.ofSeconds(30)));
        assertFalse(timed.allows(2, Duration.ofSeconds(31)));

        assertTrue(ReconnectPolicy.backoff(SECOND, SECOND).allows(Integer.MAX_VALUE, Duration.ofDays(365)));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ofMillis(-1), SECOND));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(SECOND, Duration.ofMillis(999)));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(SECOND, SECOND).withMaxAttempts(0));
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.backoff(SECOND, SECOND).withGiveUpAfter(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(SECOND, SECOND).delayBefore(0));
    }

    @Test
    void equalityIsByValue() {
        ReconnectPolicy a = ReconnectPolicy.backoff(SECOND, Duration.ofSeconds(8)).withMaxAttempts(5);
        assertEquals(a, ReconnectPolicy.backoff(SECOND, Duration.ofSeconds(8)).withMaxAttempts(5));
        assertEquals(a.hashCode(), ReconnectPolicy.backoff(SECOND, Duration.ofSeconds(8)).withMaxAttempts(5).hashCode());
        assertNotEquals(a, a.withMaxAttempts(6));
        assertNotEquals(a, a.withGiveUpAfter(SECOND));
        assertEquals("ReconnectPolicy[backoff 1000-8000 ms, 5 attempts]", a.toString());
    }
}
