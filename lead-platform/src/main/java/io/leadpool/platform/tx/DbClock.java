package io.leadpool.platform.tx;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time at the precision PostgreSQL stores (microseconds), so that a time written to a
 * row and the same time carried in an event are equal.
 */
public final class DbClock {

    private DbClock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
