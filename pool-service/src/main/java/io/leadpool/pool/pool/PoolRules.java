package io.leadpool.pool.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a pool. Durations are ISO-8601 ({@code P3D}, {@code PT12H}, {@code PT1M}).
 *
 * @param followUpTimeout    an owned lead goes back to the pool when nobody followed it up for this long
 *                           since the claim or the last follow-up; absent means never
 * @param maskContactsInPool phone and e-mail of leads in the pool are masked until claimed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolRules(String followUpTimeout, Boolean maskContactsInPool) {

    static final Duration LONGEST = Duration.ofDays(3650);

    public static PoolRules defaults(String followUpTimeout) {
        return new PoolRules(followUpTimeout, true);
    }

    /** The follow-up timeout, when the pool has one. */
    public Optional<Duration> followUp() {
        return followUpTimeout == null ? Optional.empty() : Optional.of(Duration.parse(followUpTimeout));
    }

    public boolean masks() {
        return maskContactsInPool == null || maskContactsInPool;
    }

    /** Refuses rules that cannot be applied, naming every bad field. */
    public PoolRules validated() {
        List<FieldError> errors = new ArrayList<>();
        duration(errors, "followUpTimeout", followUpTimeout);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    private static void duration(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                errors.add(new FieldError(field, "must be longer than zero"));
            } else if (d.compareTo(LONGEST) > 0) {
                errors.add(new FieldError(field, "must be at most P3650D"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an ISO-8601 duration such as P3D or PT12H"));
        }
    }
}
