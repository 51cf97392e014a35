package io.leadpool.pool.rep;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.leadpool.pool.tenant.TenantSettings;

/**
 * What an admin sets about a rep. Every field is required on {@code PUT}: it replaces the profile.
 *
 * @param tier   the tier whose holding limit applies (lower-case name, e.g. {@code junior}, {@code senior})
 * @param active inactive reps cannot claim and are not given leads
 * @param skills industries, regions and products the rep covers
 * @param teams  the teams the rep belongs to; a manager acts on the reps of their teams
 * @param awayUntil optional: the rep is on leave until then (at most two years ahead) and automatic distribution
 *               passes them by; absent or past = not on leave. Claims and manual assignments are not affected
 */
public record RepProfile(String tier, Boolean active, Skills skills, List<String> teams, Instant awayUntil) {

    static final int MAX_ITEMS = 50;
    static final int MAX_ITEM_LENGTH = 100;
    static final Duration LONGEST_LEAVE = Duration.ofDays(730);

    /** Industries, regions and products a rep covers. */
    public record Skills(List<String> industries, List<String> regions, List<String> products) {
        public Skills {
            industries = industries == null ? List.of() : List.copyOf(industries);
            regions = regions == null ? List.of() : List.copyOf(regions);
            products = products == null ? List.of() : List.copyOf(products);
        }
    }

    /** What an admin set about a rep (the audit log's snapshot of a rep). */
    public static RepProfile of(Rep rep) {
        return new RepProfile(rep.tier(), rep.active(), rep.skills(), rep.teams(), rep.awayUntil());
    }

    /** Refuses a profile that cannot be applied at {@code now}, naming every bad field. */
    public RepProfile validated(Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (tier == null || !TenantSettings.TIER.matcher(tier).matches()) {
            errors.add(new FieldError("tier", "1 to 32 lower-case letters, digits, '-' or '_'"));
        }
        if (active == null) {
            errors.add(new FieldError("active", "required"));
        }
        if (skills == null) {
            errors.add(new FieldError("skills", "required (lists may be empty)"));
        } else {
            items(errors, "skills.industries", skills.industries());
            items(errors, "skills.regions", skills.regions());
            items(errors, "skills.products", skills.products());
        }
        if (teams == null) {
            errors.add(new FieldError("teams", "required (may be empty)"));
        } else {
            items(errors, "teams", teams);
        }
        if (awayUntil != null && awayUntil.isAfter(now.plus(LONGEST_LEAVE))) {
            errors.add(new FieldError("awayUntil", "at most 730 days ahead"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    private static void items(List<FieldError> errors, String field, List<String> values) {
        if (values.size() > MAX_ITEMS) {
            errors.add(new FieldError(field, "at most " + MAX_ITEMS + " entries"));
        }
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > MAX_ITEM_LENGTH) {
                errors.add(new FieldError(field, "entries are 1 to " + MAX_ITEM_LENGTH + " characters"));
                return;
            }
        }
    }
}
