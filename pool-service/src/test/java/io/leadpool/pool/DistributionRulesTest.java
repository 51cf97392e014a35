package io.leadpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.pool.distribution.FairRotation;
import io.leadpool.pool.distribution.FairRotation.Weighted;
import io.leadpool.pool.distribution.RepWeights;
import io.leadpool.pool.distribution.SkillMatch;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolRules.DistributionOptions;
import io.leadpool.pool.pool.PoolRules.TierWeights;
import io.leadpool.pool.rep.RepProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The automatic modes' arithmetic as plain functions: the rotation, the weights, skill points, the rules. */
class DistributionRulesTest {

    static final Set<String> TIERS = Set.of("default", "junior", "senior");

    static Map<String, Integer> serve(FairRotation rotation, int leads, List<Weighted> eligible) {
        Map<String, Integer> got = new HashMap<>();
        for (int i = 0; i < leads; i++) {
            FairRotation.Pick p = rotation.pick(eligible).orElseThrow();
            rotation.commit(p);
            got.merge(p.repId(), 1, Integer::sum);
        }
        return got;
    }

    @Test
    void equal_weights_are_a_round_robin_in_rep_order() {
        FairRotation rotation = new FairRotation(0, Map.of());
        List<Weighted> four = List.of(new Weighted("d", 1), new Weighted("b", 1), new Weighted("a", 1),
                new Weighted("c", 1));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            FairRotation.Pick p = rotation.pick(four).orElseThrow();
            assertThat(p.fairShares().values()).allSatisfy(s -> assertThat(s).isEqualTo(0.25));
            rotation.commit(p);
            order.add(p.repId());
        }
        assertThat(order).containsExactly("a", "b", "c", "d", "a", "b", "c", "d");
    }

    @Test
    void weights_give_shares_within_one_lead_at_every_moment() {
        FairRotation rotation = new FairRotation(0, Map.of());
        List<Weighted> reps = List.of(new Weighted("a", 1), new Weighted("b", 2), new Weighted("c", 3),
                new Weighted("d", 4));
        Map<String, Integer> got = new HashMap<>();
        for (int n = 1; n <= 10_000; n++) {
            FairRotation.Pick p = rotation.pick(reps).orElseThrow();
            rotation.commit(p);
            got.merge(p.repId(), 1, Integer::sum);
            for (Weighted w : reps) {
                assertThat((double) got.getOrDefault(w.repId(), 0)).isCloseTo(n * w.weight() / 10, within(1.0));
            }
        }
    }

    @Test
    void a_rep_coming_back_is_on_par_not_owed_a_flood() {
        FairRotation rotation = new FairRotation(0, Map.of());
        List<Weighted> all = List.of(new Weighted("a", 1), new Weighted("b", 1), new Weighted("c", 1));
        serve(rotation, 30, all);
        serve(rotation, 60, List.of(new Weighted("a", 1), new Weighted("b", 1))); // c on leave
        Map<String, Integer> after = serve(rotation, 30, all);
        assertThat(after).containsEntry("c", 10).containsEntry("a", 10).containsEntry("b", 10);
    }

    @Test
    void the_state_survives_a_store_and_reload() {
        FairRotation first = new FairRotation(0, Map.of());
        List<Weighted> reps = List.of(new Weighted("a", 1), new Weighted("b", 3));
        serve(first, 3, reps);
        FairRotation again = new FairRotation(first.virtualTime(), first.servedPasses());
        FairRotation straight = new FairRotation(0, Map.of());
        serve(straight, 3, reps);
        for (int i = 0; i < 50; i++) {
            FairRotation.Pick a = again.pick(reps).orElseThrow();
            FairRotation.Pick b = straight.pick(reps).orElseThrow();
            assertThat(a.repId()).isEqualTo(b.repId());
            again.commit(a);
            straight.commit(b);
        }
    }

    @Test
    void nobody_eligible_or_weightless_gets_nothing() {
        FairRotation rotation = new FairRotation(0, Map.of());
        assertThat(rotation.pick(List.of())).isEmpty();
        assertThat(rotation.pick(List.of(new Weighted("a", 0)))).isEmpty();
        assertThat(rotation.pick(List.of(new Weighted("a", 0), new Weighted("b", 2))).orElseThrow().fairShares())
                .isEqualTo(Map.of("b", 1.0));
    }

    @Test
    void capacity_shrinks_with_what_a_rep_holds() {
        assertThat(RepWeights.capacity(null, 500)).isEqualTo(1.0);
        assertThat(RepWeights.capacity(20, 5)).isEqualTo(0.75);
        assertThat(RepWeights.capacity(20, 20)).isZero();
        assertThat(RepWeights.capacity(0, 0)).isZero();
    }

    @Test
    void performance_is_a_conversion_rate_relative_to_everyones_pulled_to_average_by_a_prior() {
        RepWeights.Record good = new RepWeights.Record(20, 10, Map.of("HIGH", new long[] { 10, 8 }));
        RepWeights.Record poor = new RepWeights.Record(20, 0, Map.of("HIGH", new long[] { 10, 0 }));
        RepWeights.Record all = new RepWeights.Record(40, 10, Map.of("HIGH", new long[] { 20, 8 }));
        // overall: p = 0.25, (10 + 2.5) / 30 / 0.25
        assertThat(RepWeights.performance(good, all, null, 10)).isCloseTo(1.6667, within(1e-3));
        assertThat(RepWeights.performance(poor, all, null, 10)).isCloseTo(0.3333, within(1e-3));
        // HIGH band: p = 0.4, (8 + 4) / 20 / 0.4
        assertThat(RepWeights.performance(good, all, "HIGH", 10)).isCloseTo(1.5, within(1e-3));
        // nobody converted a LOW lead: the overall record decides
        assertThat(RepWeights.performance(good, all, "LOW", 10)).isCloseTo(1.6667, within(1e-3));
        assertThat(RepWeights.performance(null, all, null, 10)).isEqualTo(1.0);
        assertThat(RepWeights.performance(good, new RepWeights.Record(0, 0, Map.of()), null, 10)).isEqualTo(1.0);
        assertThat(RepWeights.weight(3, 0.5, 2, 1)).isEqualTo(3.0);
        assertThat(RepWeights.weight(3, 0.5, 2, 0)).isEqualTo(1.5);
        assertThat(RepWeights.weight(0, 1, 2, 1)).isZero();
    }

    @Test
    void skill_points_count_industry_region_and_product() {
        Lead lead = new Lead();
        lead.industry = " Retail ";
        lead.region = "上海市";
        lead.product = "ERP";
        assertThat(SkillMatch.points(new RepProfile.Skills(List.of("retail"), List.of("Shanghai"), List.of("erp")), lead))
                .isEqualTo(3);
        assertThat(SkillMatch.points(new RepProfile.Skills(List.of("finance"), List.of("上海"), List.of()), lead))
                .isEqualTo(1);
        assertThat(SkillMatch.points(new RepProfile.Skills(List.of(), List.of(), List.of()), lead)).isZero();
        lead.region = null;
        assertThat(SkillMatch.points(new RepProfile.Skills(List.of(), List.of("Shanghai"), List.of()), lead)).isZero();
    }

    static PoolRules rules(String distribution, String embargo, DistributionOptions options) {
        return new PoolRules(null, null, null, null, null, null, null, null, null, embargo, null, distribution, null,
                null, options);
    }

    @Test
    void automatic_modes_and_their_options_are_accepted() {
        for (String mode : List.of("ROUND_ROBIN", "WEIGHTED", "SKILL_MATCH", "SELF_CLAIM", "ADMIN_ONLY")) {
            assertThat(rules(mode, null, null).validated(TIERS).mode().name()).isEqualTo(mode);
        }
        rules("WEIGHTED", "PT1H", new DistributionOptions("PT15M", new TierWeights(1.0, Map.of("senior", 3.0)),
                "P30D", 2.0, null)).validated(TIERS);
        rules("SKILL_MATCH", null, new DistributionOptions(null, null, null, null, "POOL")).validated(TIERS);
        assertThat(rules("WEIGHTED", null, new DistributionOptions(null, new TierWeights(null, Map.of("senior", 3.0)),
                null, null, null)).options().weightOf("junior")).isEqualTo(1.0);
    }

    @Test
    void bad_distribution_rules_are_refused_naming_every_bad_field() {
        assertRefused(rules("LOTTERY", null, null), "distribution");
        assertRefused(rules("SELF_CLAIM", null, new DistributionOptions("PT15M", null, null, null, null)),
                "distributionOptions");
        assertRefused(rules("ROUND_ROBIN", "PT1H", null), "distributionOptions.backlogEvery");
        assertRefused(rules("ROUND_ROBIN", null, new DistributionOptions("PT10S", new TierWeights(1.0, null), "P1D",
                1.0, "POOL")), "distributionOptions.backlogEvery", "distributionOptions.weights",
                "distributionOptions.performanceWindow", "distributionOptions.performanceWeight",
                "distributionOptions.skillFallback");
        assertRefused(rules("WEIGHTED", null, new DistributionOptions("P2D", new TierWeights(-1.0,
                Map.of("gold", 2.0, "senior", 5000.0)), "P2Y", 4.0, null)), "distributionOptions.backlogEvery",
                "distributionOptions.weights.default", "distributionOptions.weights.byTier.gold",
                "distributionOptions.weights.byTier.senior", "distributionOptions.performanceWindow",
                "distributionOptions.performanceWeight");
        assertRefused(rules("SKILL_MATCH", null, new DistributionOptions("soon", null, null, null, "ANYONE")),
                "distributionOptions.backlogEvery", "distributionOptions.skillFallback");
    }

    static void assertRefused(PoolRules rules, String... fields) {
        assertThatThrownBy(() -> rules.validated(TIERS)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.fieldErrors()).extracting(ProblemException.FieldError::field)
                        .containsExactlyInAnyOrder(fields));
    }

    @Test
    void random_weights_and_eligibility_never_drift_far_from_the_fair_share() {
        Random random = new Random(7);
        FairRotation rotation = new FairRotation(0, Map.of());
        Map<String, Double> fair = new HashMap<>();
        Map<String, Integer> got = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            List<Weighted> eligible = new ArrayList<>();
            for (String rep : List.of("a", "b", "c", "d", "e")) {
                if (random.nextInt(10) > 0) {
                    eligible.add(new Weighted(rep, 1 + rep.charAt(0) - 'a'));
                }
            }
            rotation.pick(eligible).ifPresent(p -> {
                rotation.commit(p);
                got.merge(p.repId(), 1, Integer::sum);
                p.fairShares().forEach((rep, s) -> fair.merge(rep, s, Double::sum));
            });
        }
        fair.forEach((rep, f) -> assertThat(got.get(rep) / f).as(rep).isCloseTo(1.0, within(0.02)));
    }
}
