package io.leadpool.platform.audit;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The filters and page of an audit listing, checked. Every filter is optional: {@code action},
 * {@code targetType}, {@code targetId} (exact), {@code actor} (user id or name, exact), {@code from}
 * (inclusive) and {@code to} (exclusive) as ISO-8601 instants; {@code limit} 1 to {@link #MAX_LIMIT}
 * (default {@link #DEFAULT_LIMIT}); {@code after} the {@code next} cursor of the previous page.
 */
public record AuditQuery(String action, String targetType, String targetId, String actor, Instant from, Instant to,
        Cursor after, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    static final int MAX_FILTER = 200;

    /** Where the previous page ended: entries strictly older than (at, id) follow. */
    public record Cursor(Instant at, UUID id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "_" + id).getBytes(StandardCharsets.US_ASCII));
        }

        static Cursor decode(String cursor) {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int sep = plain.indexOf('_');
            if (sep < 0) {
                throw new IllegalArgumentException("no separator");
            }
            Instant at = Instant.EPOCH.plus(Long.parseLong(plain.substring(0, sep)), ChronoUnit.MICROS);
            return new Cursor(at, UUID.fromString(plain.substring(sep + 1)));
        }
    }

    /** Reads the raw query parameters; 400 {@code VALIDATION_FAILED} naming every bad one. */
    public static AuditQuery of(String action, String targetType, String targetId, String actor, String from,
            String to, String after, String limit) {
        List<FieldError> errors = new ArrayList<>();
        String a = filter(errors, "action", action);
        String tt = filter(errors, "targetType", targetType);
        String tid = filter(errors, "targetId", targetId);
        String who = filter(errors, "actor", actor);
        Instant f = instant(errors, "from", from);
        Instant t = instant(errors, "to", to);
        if (f != null && t != null && !f.isBefore(t)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        Cursor cursor = null;
        if (after != null && !after.isBlank()) {
            try {
                cursor = after.length() > MAX_FILTER ? null : Cursor.decode(after.trim());
            } catch (RuntimeException e) {
                cursor = null;
            }
            if (cursor == null) {
                errors.add(new FieldError("after", "not a cursor of this listing (use the previous page's next)"));
            }
        }
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                errors.add(new FieldError("limit", "1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new AuditQuery(a, tt, tid, who, f, t, cursor, n);
    }

    private static String filter(List<FieldError> errors, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            errors.add(new FieldError(name, "at most " + MAX_FILTER + " characters"));
            return null;
        }
        return value.trim();
    }

    private static Instant instant(List<FieldError> errors, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "an ISO-8601 instant such as 2026-11-01T00:00:00Z"));
            return null;
        }
    }
}
