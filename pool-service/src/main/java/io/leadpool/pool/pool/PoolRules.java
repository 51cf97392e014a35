package io.leadpool.pool.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a pool; every field is optional and absent means "no such limit". Durations are
 * ISO-8601 ({@code P3D}, {@code PT12H}).
 *
 * @param holdingLimits         how many leads a rep may hold at once (all pools together), by tier
 * @param countLocked           whether locked leads count against the holding limit (default true)
 * @param lockLimit             how many leads a rep may keep locked (exempt from recycling) at once
 * @param claimQuota            how many leads a rep may claim from this pool in a rolling window
 * @param followUpTimeout       an owned lead goes back to the pool after this long without a follow-up
 * @param previousOwnerCooldown the rep who lost or released a lead cannot claim it again for this long
 * @param newLeadEmbargo        a lead that has just entered the pool cannot be claimed for this long
 * @param maskContactsInPool    phone and e-mail of leads in the pool are masked until claimed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolRules(HoldingLimits holdingLimits, Boolean countLocked, Integer lockLimit, ClaimQuota claimQuota,
        String followUpTimeout, String previousOwnerCooldown, String newLeadEmbargo, Boolean maskContactsInPool) {

    static final Duration LONGEST = Duration.ofDays(3650);
    private static final Pattern TIER = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** Maximum leads held by a rep of a tier; {@code default} for tiers not listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoldingLimits(Integer defaultLimit, Map<String, Integer> byTier) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public HoldingLimits(@com.fasterxml.jackson.annotation.JsonProperty("default") Integer defaultLimit,
                @com.fasterxml.jackson.annotation.JsonProperty("byTier") Map<String, Integer> byTier) {
            this.defaultLimit = defaultLimit;
            this.byTier = byTier == null ? Map.of() : Map.copyOf(byTier);
        }

        @com.fasterxml.jackson.annotation.JsonProperty("default")
        public Integer defaultLimit() {
            return defaultLimit;
        }

        Optional<Integer> of(String tier) {
            return Optional.ofNullable(byTier.getOrDefault(tier, defaultLimit));
        }
    }

    /** At most {@code max} claims per rolling {@code per}. */
    public record ClaimQuota(Integer max, String per) {
    }

    public static PoolRules defaults(String followUpTimeout) {
        return new PoolRules(null, null, null, null, followUpTimeout, null, null, true);
    }

    public Optional<Duration> followUp() {
        return duration(followUpTimeout);
    }

    public Optional<Duration> cooldown() {
        return duration(previousOwnerCooldown);
    }

    public Optional<Duration> embargo() {
        return duration(newLeadEmbargo);
    }

    public Optional<Integer> holdingLimit(String tier) {
        return holdingLimits == null ? Optional.empty() : holdingLimits.of(tier);
    }

    public Optional<ClaimQuota> quota() {
        return Optional.ofNullable(claimQuota);
    }

    public Duration quotaWindow() {
        return Duration.parse(claimQuota.per());
    }

    public boolean countsLocked() {
        return countLocked == null || countLocked;
    }

    public Optional<Integer> locks() {
        return Optional.ofNullable(lockLimit);
    }

    public boolean masks() {
        return maskContactsInPool == null || maskContactsInPool;
    }

    /** Refuses rules that cannot be applied, naming every bad field. */
    public PoolRules validated() {
        List<FieldError> errors = new ArrayList<>();
        checkDuration(errors, "followUpTimeout", followUpTimeout, false);
        checkDuration(errors, "previousOwnerCooldown", previousOwnerCooldown, true);
        checkDuration(errors, "newLeadEmbargo", newLeadEmbargo, true);
        if (holdingLimits != null) {
            checkLimit(errors, "holdingLimits.default", holdingLimits.defaultLimit());
            holdingLimits.byTier().forEach((tier, limit) -> {
                if (!TIER.matcher(tier).matches()) {
                    errors.add(new FieldError("holdingLimits.byTier." + tier,
                            "a tier is 1 to 32 lower-case letters, digits, '-' or '_'"));
                }
                checkLimit(errors, "holdingLimits.byTier." + tier, limit);
            });
        }
        checkLimit(errors, "lockLimit", lockLimit);
        if (claimQuota != null) {
            if (claimQuota.max() == null) {
                errors.add(new FieldError("claimQuota.max", "required"));
            } else {
                checkLimit(errors, "claimQuota.max", claimQuota.max());
            }
            if (claimQuota.per() == null) {
                errors.add(new FieldError("claimQuota.per", "required"));
            } else {
                checkDuration(errors, "claimQuota.per", claimQuota.per(), false);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    private static Optional<Duration> duration(String value) {
        return value == null ? Optional.empty() : Optional.of(Duration.parse(value));
    }

    private static void checkLimit(List<FieldError> errors, String field, Integer value) {
        if (value != null && (value < 0 || value > 100_000)) {
            errors.add(new FieldError(field, "must be between 0 and 100000"));
        }
    }

    private static void checkDuration(List<FieldError> errors, String field, String value, boolean zeroAllowed) {
        if (value == null) {
            return;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                errors.add(new FieldError(field, zeroAllowed ? "must not be negative" : "must be longer than zero"));
            } else if (d.compareTo(LONGEST) > 0) {
                errors.add(new FieldError(field, "must be at most P3650D"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an ISO-8601 duration such as P3D or PT12H"));
        }
    }
}
