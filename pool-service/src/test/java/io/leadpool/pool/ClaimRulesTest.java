package io.leadpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolRules.ClaimQuota;
import io.leadpool.pool.pool.PoolRules.HoldingLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every claim rule at its edges, as plain functions. */
class ClaimRulesTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Set<String> TIERS = Set.of("default", "senior", "trainee", "junior");
    static final PoolRules RULES = new PoolRules(new HoldingLimits(20, Map.of("senior", 30, "trainee", 0)),
            null, null, 5, new ClaimQuota(10, "P1D"), "P3D", null, null, "P7D", "PT1H", null, null, true, null, null);
    static final PoolRules NONE = new PoolRules(null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    @ParameterizedTest(name = "tier {0} holding {1}: refused={2}")
    @CsvSource({ "default, 19, false", "default, 20, true", "default, 21, true", "senior, 29, false",
            "senior, 30, true", "trainee, 0, true", "unknown, 19, false", "unknown, 20, true" })
    void holding_limit_by_tier_at_its_edge(String tier, long held, boolean refused) {
        var refusal = ClaimRules.holding(RULES, tier, held);
        assertThat(refusal).as("refused").isEqualTo(refused ? refusal : java.util.Optional.empty());
        refusal.ifPresent(e -> assertThat(e.code()).isEqualTo("HOLDING_LIMIT"));
    }

    @Test
    void no_holding_limit_means_none() {
        assertThat(ClaimRules.holding(NONE, "default", 1_000_000)).isEmpty();
        assertThat(ClaimRules.quota(NONE, 1_000_000)).isEmpty();
    }

    @ParameterizedTest(name = "{0} claims in the window: refused={1}")
    @CsvSource({ "0, false", "9, false", "10, true", "11, true" })
    void claim_quota_at_its_edge(long claimed, boolean refused) {
        assertThat(ClaimRules.quota(RULES, claimed).isPresent()).isEqualTo(refused);
        ClaimRules.quota(RULES, claimed).ifPresent(e -> {
            assertThat(e.code()).isEqualTo("CLAIM_QUOTA");
            assertThat(e.extensions()).containsEntry("max", 10).containsEntry("per", "P1D");
        });
    }

    @Test
    void a_day_in_the_rules_is_a_calendar_day_of_the_tenant_even_across_a_clock_change() {
        // Europe/Berlin leaves summer time on 2026-10-25 at 03:00: Saturday 10:00 to Sunday 10:00 is 25 hours.
        Instant sunday = Instant.parse("2026-10-25T09:00:00Z");
        Instant saturday = ClaimRules.cooldownStart(new PoolRules(null, null, null, null, null, null, null, null,
                "P1D", null, null, null, null, null, null), ZoneId.of("Europe/Berlin"), sunday);
        assertThat(Duration.between(saturday, sunday)).isEqualTo(Duration.ofHours(25));
        assertThat(ClaimRules.cooldownStart(new PoolRules(null, null, null, null, null, null, null, null, "PT24H",
                null, null, null, null, null, null), ZoneId.of("Europe/Berlin"), sunday))
                .isEqualTo(sunday.minus(Duration.ofHours(24)));
    }

    @Test
    void the_windows_start_where_the_rules_say() {
        assertThat(ClaimRules.cooldownStart(RULES, ZONE, NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(ClaimRules.embargoStart(RULES, ZONE, NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(ClaimRules.cooldownStart(NONE, ZONE, NOW)).isEqualTo(NOW);
        assertThat(ClaimRules.embargoStart(NONE, ZONE, NOW)).isEqualTo(NOW);
    }

    @ParameterizedTest(name = "returned {0} ago, pooled {1} ago, previous owner {2}: {3}")
    @CsvSource({
            "PT1H,  P8D,  rep-1, COOLDOWN",
            "P7D,   P8D,  rep-1, ALREADY_CLAIMED",
            "P6DT23H59M59S, P8D, rep-1, COOLDOWN",
            "PT1H,  P8D,  rep-2, ALREADY_CLAIMED",
            "P8D,   PT59M, rep-2, EMBARGO",
            "P8D,   PT1H, rep-2, ALREADY_CLAIMED" })
    void a_refused_claim_names_the_rule_that_stood_in_the_way(Duration returnedAgo, Duration pooledAgo,
            String previousOwner, String code) {
        Lead lead = new Lead();
        lead.id = UUID.randomUUID();
        lead.state = LeadState.IN_POOL;
        lead.previousOwnerId = previousOwner;
        lead.returnedAt = NOW.minus(returnedAgo);
        lead.pooledAt = NOW.minus(pooledAgo);
        assertThat(ClaimRules.whyNot(lead, "rep-1", false, RULES, ZONE, NOW).code()).isEqualTo(code);
    }

    @Test
    void the_winner_is_named_only_to_who_may_know() {
        Lead lead = new Lead();
        lead.id = UUID.randomUUID();
        lead.state = LeadState.OWNED;
        lead.ownerId = "rep-9";
        lead.ownedSince = NOW;
        lead.pooledAt = NOW;
        assertThat(ClaimRules.whyNot(lead, "rep-1", false, RULES, ZONE, NOW).extensions()).doesNotContainKey("claimedBy")
                .containsEntry("claimedAt", NOW);
        assertThat(ClaimRules.whyNot(lead, "rep-1", true, RULES, ZONE, NOW).extensions()).containsEntry("claimedBy", "rep-9");
    }

    @Test
    void valid_rules_pass() {
        assertThat(RULES.validated(TIERS)).isSameAs(RULES);
    }

    @Test
    void bad_rules_are_refused_naming_every_bad_field() {
        PoolRules bad = new PoolRules(new HoldingLimits(-1, Map.of("Senior Reps", 3, "junior", -5, "gold", 9)),
                null, null, -2, new ClaimQuota(null, "daily"), "P0D", "tomorrow", "PT0S", "-P1D", "soon",
                List.of("WON", "DONE"), "LOTTERY", null,
                Map.of("A", new PoolRules.LevelRules("P-1D", null, null), "not a level", new PoolRules.LevelRules(
                        null, "P30D", null)), null);
        assertThatThrownBy(() -> bad.validated(TIERS)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
            @SuppressWarnings("unchecked")
            List<ProblemException.FieldError> errors = (List<ProblemException.FieldError>) e.extensions().get("errors");
            assertThat(errors).extracting(ProblemException.FieldError::field).containsExactlyInAnyOrder(
                    "followUpTimeout", "progressTimeout", "remindBefore", "previousOwnerCooldown", "newLeadEmbargo",
                    "holdingLimits.default", "holdingLimits.byTier.Senior Reps", "holdingLimits.byTier.junior",
                    "holdingLimits.byTier.gold", "lockLimit", "claimQuota.max", "claimQuota.per", "exemptStages[1]",
                    "distribution", "levelOverrides.A.followUpTimeout", "levelOverrides.not a level");
        });
    }
}
