package io.leadpool.pool.pool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import io.leadpool.pool.lead.Stage;
import io.leadpool.pool.tenant.TenantSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a pool; every field is optional and absent means "no such limit". Durations are ISO-8601
 * ({@code P3D}, {@code PT12H}) counted in the tenant's time zone (see {@link RuleDuration}).
 *
 * @param holdingLimits         how many leads a rep may hold at once (all pools together), by tier
 * @param countLocked           whether locked leads count against the holding limit (default true)
 * @param countWon              whether leads at stage WON count against the holding limit (default false)
 * @param lockLimit             how many leads a rep may keep locked (exempt from recycling) at once
 * @param claimQuota            how many leads a rep may claim from this pool in a rolling window
 * @param followUpTimeout       an owned lead goes back to the pool after this long without a follow-up
 * @param progressTimeout       an owned lead goes back to the pool after this long without a stage advance
 * @param remindBefore          the owner is reminded this long before each of those deadlines
 * @param previousOwnerCooldown the rep who lost or released a lead cannot claim it again for this long
 * @param newLeadEmbargo        a lead that has just entered the pool cannot be claimed for this long
 * @param exemptStages          stages at which no clock runs (default {@code [WON]})
 * @param distribution          how leads reach reps: {@code SELF_CLAIM} (default) or {@code ADMIN_ONLY}
 * @param maskContactsInPool    phone and e-mail of leads in the pool are masked until claimed
 * @param levelOverrides        per customer level, clocks that differ from the pool's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolRules(HoldingLimits holdingLimits, Boolean countLocked, Boolean countWon, Integer lockLimit,
        ClaimQuota claimQuota, String followUpTimeout, String progressTimeout, String remindBefore,
        String previousOwnerCooldown, String newLeadEmbargo, List<String> exemptStages, String distribution,
        Boolean maskContactsInPool, Map<String, LevelRules> levelOverrides) {

    static final Duration LONGEST = Duration.ofDays(3650);
    /** What a customer level may be called (A, B, vip, …): overrides and leads check it with this. */
    public static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final List<String> DEFAULT_EXEMPT = List.of(Stage.WON.name());

    /** How leads reach reps. The automatic modes of the distribution work are not offered yet. */
    public enum Distribution {
        SELF_CLAIM, ADMIN_ONLY
    }

    /** Maximum leads held by a rep of a tier; {@code default} for tiers not listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoldingLimits(Integer defaultLimit, Map<String, Integer> byTier) {

        @JsonCreator
        public HoldingLimits(@JsonProperty("default") Integer defaultLimit,
                @JsonProperty("byTier") Map<String, Integer> byTier) {
            this.defaultLimit = defaultLimit;
            this.byTier = byTier == null ? Map.of() : Map.copyOf(byTier);
        }

        @JsonProperty("default")
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

    /** The clocks of leads of one customer level; absent fields fall back to the pool's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LevelRules(String followUpTimeout, String progressTimeout, String remindBefore) {
    }

    public PoolRules {
        levelOverrides = levelOverrides == null ? null : Map.copyOf(levelOverrides);
        exemptStages = exemptStages == null ? null : List.copyOf(exemptStages);
    }

    public static PoolRules defaults(String followUpTimeout) {
        return new PoolRules(null, null, null, null, null, followUpTimeout, null, null, null, null, null, null, true,
                null);
    }

    public Optional<RuleDuration> cooldown() {
        return duration(previousOwnerCooldown);
    }

    public Optional<RuleDuration> embargo() {
        return duration(newLeadEmbargo);
    }

    public Optional<Integer> holdingLimit(String tier) {
        return holdingLimits == null ? Optional.empty() : holdingLimits.of(tier);
    }

    public Optional<ClaimQuota> quota() {
        return Optional.ofNullable(claimQuota);
    }

    public RuleDuration quotaWindow() {
        return RuleDuration.parse(claimQuota.per());
    }

    public boolean countsLocked() {
        return countLocked == null || countLocked;
    }

    public boolean countsWon() {
        return countWon != null && countWon;
    }

    public Optional<Integer> locks() {
        return Optional.ofNullable(lockLimit);
    }

    public boolean masks() {
        return maskContactsInPool == null || maskContactsInPool;
    }

    public boolean adminOnly() {
        return Distribution.ADMIN_ONLY.name().equals(distribution);
    }

    /** Whether no clock runs at this stage. */
    public boolean exempts(Stage stage) {
        return (exemptStages == null ? DEFAULT_EXEMPT : exemptStages).contains(stage.name());
    }

    /** The override of a level, if the pool has one. */
    @JsonIgnore
    public Optional<LevelRules> override(String level) {
        return level == null || levelOverrides == null ? Optional.empty()
                : Optional.ofNullable(levelOverrides.get(level));
    }

    /**
     * Refuses rules that cannot be applied, naming every bad field. {@code knownTiers} are the tenant's
     * tiers: a limit for any other tier would never apply and is refused as a typo.
     */
    public PoolRules validated(Set<String> knownTiers) {
        List<FieldError> errors = new ArrayList<>();
        checkDuration(errors, "followUpTimeout", followUpTimeout, false);
        checkDuration(errors, "progressTimeout", progressTimeout, false);
        checkDuration(errors, "remindBefore", remindBefore, false);
        checkDuration(errors, "previousOwnerCooldown", previousOwnerCooldown, true);
        checkDuration(errors, "newLeadEmbargo", newLeadEmbargo, true);
        if (holdingLimits != null) {
            checkLimit(errors, "holdingLimits.default", holdingLimits.defaultLimit());
            holdingLimits.byTier().forEach((tier, limit) -> {
                if (!TenantSettings.TIER.matcher(tier).matches()) {
                    errors.add(new FieldError("holdingLimits.byTier." + tier,
                            "a tier is 1 to 32 lower-case letters, digits, '-' or '_'"));
                } else if (!knownTiers.contains(tier)) {
                    errors.add(new FieldError("holdingLimits.byTier." + tier,
                            "unknown tier; the tenant's tiers are " + knownTiers.stream().sorted().toList()));
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
        if (exemptStages != null) {
            for (int i = 0; i < exemptStages.size(); i++) {
                String s = exemptStages.get(i);
                if (s == null || Arrays.stream(Stage.values()).noneMatch(st -> st.name().equals(s))) {
                    errors.add(new FieldError("exemptStages[" + i + "]",
                            "one of " + Arrays.toString(Stage.values())));
                }
            }
        }
        if (distribution != null && Arrays.stream(Distribution.values()).noneMatch(d -> d.name().equals(distribution))) {
            errors.add(new FieldError("distribution", "one of " + Arrays.toString(Distribution.values())
                    + " (automatic distribution modes are not available yet)"));
        }
        if (levelOverrides != null) {
            levelOverrides.forEach((level, o) -> {
                String at = "levelOverrides." + level;
                if (!LEVEL.matcher(level).matches()) {
                    errors.add(new FieldError(at, "a level is 1 to 16 letters, digits, '-' or '_'"));
                }
                if (o == null) {
                    errors.add(new FieldError(at, "an object with followUpTimeout, progressTimeout or remindBefore"));
                    return;
                }
                checkDuration(errors, at + ".followUpTimeout", o.followUpTimeout(), false);
                checkDuration(errors, at + ".progressTimeout", o.progressTimeout(), false);
                checkDuration(errors, at + ".remindBefore", o.remindBefore(), false);
            });
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    static Optional<RuleDuration> duration(String value) {
        return value == null ? Optional.empty() : Optional.of(RuleDuration.parse(value));
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
            RuleDuration d = RuleDuration.parse(value);
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                errors.add(new FieldError(field, zeroAllowed ? "must not be negative" : "must be longer than zero"));
            } else if (d.longest().compareTo(LONGEST) > 0) {
                errors.add(new FieldError(field, "must be at most P3650D"));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an ISO-8601 duration such as P3D or PT12H"));
        }
    }
}
