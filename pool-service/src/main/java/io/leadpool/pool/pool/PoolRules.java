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
 * @param distribution          how leads reach reps: {@code SELF_CLAIM} (default), {@code ADMIN_ONLY}, or one of the
 *                              automatic modes {@code ROUND_ROBIN}, {@code WEIGHTED}, {@code SKILL_MATCH}
 * @param maskContactsInPool    phone and e-mail of leads in the pool are masked until claimed
 * @param levelOverrides        per customer level, clocks that differ from the pool's
 * @param distributionOptions   how an automatic mode hands leads out (only with an automatic mode)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolRules(HoldingLimits holdingLimits, Boolean countLocked, Boolean countWon, Integer lockLimit,
        ClaimQuota claimQuota, String followUpTimeout, String progressTimeout, String remindBefore,
        String previousOwnerCooldown, String newLeadEmbargo, List<String> exemptStages, String distribution,
        Boolean maskContactsInPool, Map<String, LevelRules> levelOverrides, DistributionOptions distributionOptions) {

    static final Duration LONGEST = Duration.ofDays(3650);
    /** What a customer level may be called (A, B, vip, …): overrides and leads check it with this. */
    public static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final List<String> DEFAULT_EXEMPT = List.of(Stage.WON.name());

    /**
     * How leads reach reps. {@code SELF_CLAIM}: reps claim; {@code ADMIN_ONLY}: admins and managers assign, claims
     * are refused. The automatic modes hand new leads out on arrival (and the backlog on a schedule, if set); what
     * they leave in the pool can still be claimed and assigned.
     */
    public enum Distribution {
        SELF_CLAIM, ADMIN_ONLY, ROUND_ROBIN, WEIGHTED, SKILL_MATCH;

        public boolean automatic() {
            return this == ROUND_ROBIN || this == WEIGHTED || this == SKILL_MATCH;
        }
    }

    /** What a {@code SKILL_MATCH} pool does with a lead no eligible rep's skills match. */
    public enum SkillFallback {
        /** Hand it out by round robin among every eligible rep. */
        ROUND_ROBIN,
        /** Leave it in the pool (to be claimed or assigned). */
        POOL
    }

    /**
     * How an automatic mode hands leads out; every field optional.
     *
     * @param backlogEvery      also hand out the pool's backlog (leads waiting in it: recycled, released, held by an
     *                          embargo, or left when every rep was at a limit) this often, PT1M to P1D; absent = on
     *                          arrival only
     * @param weights           WEIGHTED: a rep's base weight by tier (default 1)
     * @param performanceWindow WEIGHTED: conversions counted over this window (default P90D), P1D to P365D
     * @param performanceWeight WEIGHTED: how strongly performance moves a weight, 0 (not at all) to 3 (default 1)
     * @param skillFallback     SKILL_MATCH: a lead no eligible rep's skills match goes by ROUND_ROBIN (default) or
     *                          stays in the POOL
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DistributionOptions(String backlogEvery, TierWeights weights, String performanceWindow,
            Double performanceWeight, String skillFallback) {

        static final String DEFAULT_WINDOW = "P90D";

        public Optional<RuleDuration> backlogInterval() {
            return duration(backlogEvery);
        }

        public RuleDuration window() {
            return RuleDuration.parse(performanceWindow == null ? DEFAULT_WINDOW : performanceWindow);
        }

        public double performanceStrength() {
            return performanceWeight == null ? 1.0 : performanceWeight;
        }

        public SkillFallback fallback() {
            return skillFallback == null ? SkillFallback.ROUND_ROBIN : SkillFallback.valueOf(skillFallback);
        }

        /** A rep's base weight: their tier's, else the default, else 1. */
        public double weightOf(String tier) {
            if (weights == null) {
                return 1.0;
            }
            Double w = weights.byTier().getOrDefault(tier, weights.defaultWeight());
            return w == null ? 1.0 : w;
        }
    }

    /** Base weights of reps by tier; {@code default} for tiers not listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TierWeights(Double defaultWeight, Map<String, Double> byTier) {

        @JsonCreator
        public TierWeights(@JsonProperty("default") Double defaultWeight,
                @JsonProperty("byTier") Map<String, Double> byTier) {
            this.defaultWeight = defaultWeight;
            this.byTier = byTier == null ? Map.of() : Map.copyOf(byTier);
        }

        @JsonProperty("default")
        public Double defaultWeight() {
            return defaultWeight;
        }
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
                null, null);
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
        return mode() == Distribution.ADMIN_ONLY;
    }

    /** The distribution mode ({@code SELF_CLAIM} when not set). */
    public Distribution mode() {
        return distribution == null ? Distribution.SELF_CLAIM : Distribution.valueOf(distribution);
    }

    /** The automatic mode's options (all defaults when not set). */
    public DistributionOptions options() {
        return distributionOptions == null ? new DistributionOptions(null, null, null, null, null)
                : distributionOptions;
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
            errors.add(new FieldError("distribution", "one of " + Arrays.toString(Distribution.values())));
        } else {
            checkDistribution(errors, knownTiers);
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

    static final Duration SHORTEST_BACKLOG = Duration.ofMinutes(1);
    static final Duration LONGEST_BACKLOG = Duration.ofDays(1);
    static final Duration LONGEST_WINDOW = Duration.ofDays(365);
    static final double MAX_WEIGHT = 1000;
    static final double MAX_PERFORMANCE_WEIGHT = 3;

    private void checkDistribution(List<FieldError> errors, Set<String> knownTiers) {
        Distribution mode = mode();
        DistributionOptions o = distributionOptions;
        if (o == null) {
            if (mode.automatic() && holdsNewLeadsBack()) {
                errors.add(new FieldError("distributionOptions.backlogEvery", "required when newLeadEmbargo holds new"
                        + " leads back: they are handed out by the backlog runs once the embargo ends"));
            }
            return;
        }
        if (!mode.automatic()) {
            errors.add(new FieldError("distributionOptions", "only with ROUND_ROBIN, WEIGHTED or SKILL_MATCH"));
            return;
        }
        String at = "distributionOptions.";
        if (o.backlogEvery() == null) {
            if (holdsNewLeadsBack()) {
                errors.add(new FieldError(at + "backlogEvery", "required when newLeadEmbargo holds new leads back:"
                        + " they are handed out by the backlog runs once the embargo ends"));
            }
        } else {
            checkRange(errors, at + "backlogEvery", o.backlogEvery(), SHORTEST_BACKLOG, LONGEST_BACKLOG, "PT1M", "P1D");
        }
        boolean weighted = mode == Distribution.WEIGHTED;
        if (o.weights() != null) {
            if (!weighted) {
                errors.add(new FieldError(at + "weights", "only with WEIGHTED"));
            } else {
                checkWeight(errors, at + "weights.default", o.weights().defaultWeight());
                o.weights().byTier().forEach((tier, w) -> {
                    if (!knownTiers.contains(tier)) {
                        errors.add(new FieldError(at + "weights.byTier." + tier,
                                "unknown tier; the tenant's tiers are " + knownTiers.stream().sorted().toList()));
                    }
                    checkWeight(errors, at + "weights.byTier." + tier, w);
                });
            }
        }
        if (o.performanceWindow() != null) {
            if (!weighted) {
                errors.add(new FieldError(at + "performanceWindow", "only with WEIGHTED"));
            } else {
                checkRange(errors, at + "performanceWindow", o.performanceWindow(), Duration.ofDays(1), LONGEST_WINDOW,
                        "P1D", "P365D");
            }
        }
        if (o.performanceWeight() != null) {
            if (!weighted) {
                errors.add(new FieldError(at + "performanceWeight", "only with WEIGHTED"));
            } else if (!(o.performanceWeight() >= 0 && o.performanceWeight() <= MAX_PERFORMANCE_WEIGHT)) {
                errors.add(new FieldError(at + "performanceWeight", "between 0 and " + (int) MAX_PERFORMANCE_WEIGHT));
            }
        }
        if (o.skillFallback() != null) {
            if (mode != Distribution.SKILL_MATCH) {
                errors.add(new FieldError(at + "skillFallback", "only with SKILL_MATCH"));
            } else if (Arrays.stream(SkillFallback.values()).noneMatch(f -> f.name().equals(o.skillFallback()))) {
                errors.add(new FieldError(at + "skillFallback", "one of " + Arrays.toString(SkillFallback.values())));
            }
        }
    }

    private static void checkWeight(List<FieldError> errors, String field, Double value) {
        if (value != null && !(value >= 0 && value <= MAX_WEIGHT)) {
            errors.add(new FieldError(field, "between 0 and " + (int) MAX_WEIGHT));
        }
    }

    /** Whether a valid, non-zero embargo keeps new leads from being taken on arrival. */
    private boolean holdsNewLeadsBack() {
        try {
            return embargo().filter(d -> !d.isZero() && !d.isNegative()).isPresent();
        } catch (DateTimeParseException e) {
            return false; // reported as newLeadEmbargo's own error
        }
    }

    private static void checkRange(List<FieldError> errors, String field, String value, Duration shortest,
            Duration longest, String shortestText, String longestText) {
        try {
            RuleDuration d = RuleDuration.parse(value);
            if (d.isNegative() || d.longest().compareTo(shortest) < 0 || d.longest().compareTo(longest) > 0) {
                errors.add(new FieldError(field, "between " + shortestText + " and " + longestText));
            }
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an ISO-8601 duration such as PT15M or P1D"));
        }
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
