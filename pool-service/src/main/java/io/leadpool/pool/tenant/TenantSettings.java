package io.leadpool.pool.tenant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tenant sets for itself: the time zone its day-based rules count in ({@code P1D} ends at the same
 * wall-clock time the next day there), and the tiers its reps can be given.
 *
 * @param timeZone an IANA zone id such as {@code Asia/Shanghai}
 * @param tiers    tier names; {@code default} is always one of them (reps start there)
 */
public record TenantSettings(String timeZone, List<String> tiers) {

    public static final String DEFAULT_TIER = "default";
    static final int MAX_TIERS = 50;
    /** What a tier name may be: rules, rep profiles and settings all check it with this. */
    public static final Pattern TIER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public TenantSettings {
        tiers = tiers == null ? null : List.copyOf(tiers);
    }

    @JsonIgnore
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    @JsonIgnore
    public Set<String> tierSet() {
        return new LinkedHashSet<>(tiers);
    }

    public TenantSettings validated() {
        List<FieldError> errors = new ArrayList<>();
        if (timeZone == null) {
            errors.add(new FieldError("timeZone", "required, e.g. Asia/Shanghai"));
        } else {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "not a time zone id such as Asia/Shanghai or Europe/Berlin"));
            }
        }
        if (tiers == null) {
            errors.add(new FieldError("tiers", "required"));
        } else {
            if (tiers.size() > MAX_TIERS) {
                errors.add(new FieldError("tiers", "at most " + MAX_TIERS));
            }
            if (!tiers.contains(DEFAULT_TIER)) {
                errors.add(new FieldError("tiers", "must contain '" + DEFAULT_TIER + "', the tier reps start in"));
            }
            for (int i = 0; i < tiers.size(); i++) {
                if (tiers.get(i) == null || !TIER.matcher(tiers.get(i)).matches()) {
                    errors.add(new FieldError("tiers[" + i + "]", "1 to 32 lower-case letters, digits, '-' or '_'"));
                }
            }
            if (new LinkedHashSet<>(tiers).size() != tiers.size()) {
                errors.add(new FieldError("tiers", "no tier twice"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }
}
