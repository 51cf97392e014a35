package io.leadpool.pool.pool;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A rule's duration as people mean it: {@code P3D} is three calendar days in the tenant's time zone (the
 * same wall-clock time three days later, even across a daylight-saving change), {@code PT12H} twelve
 * exact hours, {@code P1DT12H} both. Years, months and weeks are allowed ({@code P1M}, {@code P2W}).
 */
public record RuleDuration(String text, Period period, Duration time) {

    /** Parses an ISO-8601 duration; throws {@link DateTimeParseException} when it is not one. */
    public static RuleDuration parse(String text) {
        String iso = text.trim().toUpperCase(Locale.ROOT);
        if (!iso.startsWith("P") || iso.length() < 3) {
            throw new DateTimeParseException("not an ISO-8601 duration", text, 0);
        }
        int t = iso.indexOf('T');
        String datePart = t < 0 ? iso : iso.substring(0, t);
        Period period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
        Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + iso.substring(t));
        return new RuleDuration(text, period, time);
    }

    public boolean isNegative() {
        return period.isNegative() || time.isNegative();
    }

    public boolean isZero() {
        return period.isZero() && time.isZero();
    }

    /** The instant this long after {@code from}, counted in {@code zone}. */
    public Instant after(Instant from, ZoneId zone) {
        return from.atZone(zone).plus(period).plus(time).toInstant();
    }

    /** The instant this long before {@code from}, counted in {@code zone}. */
    public Instant before(Instant from, ZoneId zone) {
        return from.atZone(zone).minus(period).minus(time).toInstant();
    }

    /** An upper bound of the length, for sanity limits (a month counts 31 days, a year 366). */
    public Duration longest() {
        try {
            return Duration.ofDays(period.getYears() * 366L + period.getMonths() * 31L + period.getDays()).plus(time);
        } catch (ArithmeticException | DateTimeException e) {
            return Duration.ofDays(Long.MAX_VALUE / 86_400 / 2);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
