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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every claim rule at its edges, as plain functions. */
class ClaimRulesTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final PoolRules RULES = new PoolRules(new HoldingLimits(20, Map.of("senior", 30, "trainee", 0)),
            null, 5, new ClaimQuota(10, "P1D"), "P3D", "P7D", "PT1H", true);

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
        PoolRules none = new PoolRules(null, null, null, null, null, null, null, null);
        assertThat(ClaimRules.holding(none, "default", 1_000_000)).isEmpty();
        assertThat(ClaimRules.quota(none, 1_000_000)).isEmpty();
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
    void the_windows_start_where_the_rules_say() {
        assertThat(ClaimRules.cooldownStart(RULES, NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(ClaimRules.embargoStart(RULES, NOW)).isEqualTo(NOW.minus(Duration.ofHours(1)));
        PoolRules none = new PoolRules(null, null, null, null, null, null, null, null);
        assertThat(ClaimRules.cooldownStart(none, NOW)).isEqualTo(NOW);
        assertThat(ClaimRules.embargoStart(none, NOW)).isEqualTo(NOW);
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
        assertThat(ClaimRules.whyNot(lead, "rep-1", false, RULES, NOW).code()).isEqualTo(code);
    }

    @Test
    void the_winner_is_named_only_to_who_may_know() {
        Lead lead = new Lead();
        lead.id = UUID.randomUUID();
        lead.state = LeadState.OWNED;
        lead.ownerId = "rep-9";
        lead.ownedSince = NOW;
        lead.pooledAt = NOW;
        assertThat(ClaimRules.whyNot(lead, "rep-1", false, RULES, NOW).extensions()).doesNotContainKey("claimedBy")
                .containsEntry("claimedAt", NOW);
        assertThat(ClaimRules.whyNot(lead, "rep-1", true, RULES, NOW).extensions()).containsEntry("claimedBy", "rep-9");
    }

    @Test
    void valid_rules_pass() {
        assertThat(RULES.validated()).isSameAs(RULES);
    }

    @Test
    void bad_rules_are_refused_naming_every_bad_field() {
        PoolRules bad = new PoolRules(new HoldingLimits(-1, Map.of("Senior Reps", 3, "junior", -5)), null, -2,
                new ClaimQuota(null, "daily"), "P0D", "-P1D", "soon", null);
        assertThatThrownBy(bad::validated).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.code()).isEqualTo("VALIDATION_FAILED");
            @SuppressWarnings("unchecked")
            List<ProblemException.FieldError> errors = (List<ProblemException.FieldError>) e.extensions().get("errors");
            assertThat(errors).extracting(ProblemException.FieldError::field).containsExactlyInAnyOrder(
                    "followUpTimeout", "previousOwnerCooldown", "newLeadEmbargo", "holdingLimits.default",
                    "holdingLimits.byTier.Senior Reps", "holdingLimits.byTier.junior", "lockLimit", "claimQuota.max",
                    "claimQuota.per");
        });
    }
}
