package io.leadpool.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadpool.pool.scoring.Auc;
import io.leadpool.pool.scoring.LeadFeatures;
import io.leadpool.pool.scoring.NaiveBayes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The score's parts as plain functions: features, naive Bayes, AUC. */
class ScoringTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void features_are_tidied_categories_and_unknown_ones_are_absent() {
        LeadFeatures f = LeadFeatures.of(" Web ", null, "Retail", "上海市", "1,200 employees", null, null, NOW);
        assertThat(f.values()).isEqualTo(Map.of("channel", "web", "industry", "retail", "region", "上海",
                "companySize", "1000+"));
        assertThat(LeadFeatures.of(null, "", null, "Shanghai", "51-200", null, null, NOW).values())
                .isEqualTo(Map.of("region", "上海", "companySize", "50-249"));
        assertThat(LeadFeatures.of(null, null, null, null, "SME", null, null, NOW).get("companySize")).isEqualTo("sme");
        assertThat(LeadFeatures.sizeOf(Map.of("employees", "40"))).isEqualTo("40");
        assertThat(LeadFeatures.sizeOf(Map.of("companySize", "9", "employees", "40"))).isEqualTo("9");
    }

    @Test
    void response_time_is_known_once_followed_up_or_three_days_without() {
        Instant taken = NOW.minus(Duration.ofDays(10));
        assertThat(response(taken, taken.plus(Duration.ofMinutes(20)))).isEqualTo("<1h");
        assertThat(response(taken, taken.plus(Duration.ofHours(5)))).isEqualTo("<1d");
        assertThat(response(taken, taken.plus(Duration.ofDays(2)))).isEqualTo("<3d");
        assertThat(response(taken, taken.plus(Duration.ofDays(4)))).isEqualTo(">=3d");
        assertThat(response(taken, null)).isEqualTo(">=3d");
        assertThat(LeadFeatures.of(null, null, null, null, null, NOW.minus(Duration.ofHours(2)), null, NOW)
                .get("responseTime")).as("taken two hours ago, no follow-up yet: unknown").isNull();
        assertThat(response(null, null)).isNull();
    }

    static String response(Instant taken, Instant first) {
        return LeadFeatures.of(null, null, null, null, null, taken, first, NOW).get("responseTime");
    }

    @Test
    void auc_is_the_chance_a_converted_lead_outscores_one_that_did_not() {
        assertThat(Auc.of(new double[] { 0.9, 0.8, 0.3, 0.1 }, new boolean[] { true, true, false, false })).isEqualTo(1.0);
        assertThat(Auc.of(new double[] { 0.1, 0.2, 0.8, 0.9 }, new boolean[] { true, true, false, false })).isEqualTo(0.0);
        assertThat(Auc.of(new double[] { 0.5, 0.5, 0.5, 0.5 }, new boolean[] { true, false, true, false })).isEqualTo(0.5);
        assertThat(Auc.of(new double[] { 0.9, 0.5, 0.5, 0.1 }, new boolean[] { true, true, false, false }))
                .isEqualTo(0.875);
        assertThat(Auc.of(new double[] { 0.3 }, new boolean[] { true })).isNaN();
    }

    static NaiveBayes.Example example(String channel, String industry, boolean converted) {
        return new NaiveBayes.Example(UUID.randomUUID(), LeadFeatures.of(channel, null, industry, null, null, null,
                null, NOW), converted);
    }

    @Test
    void naive_bayes_is_base_odds_times_the_likelihood_ratio_of_each_known_value() {
        List<NaiveBayes.Example> examples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            examples.add(example("referral", "retail", i < 6));   // 6 of 10 converted
            examples.add(example("ads", "retail", i < 1));        // 1 of 10
        }
        NaiveBayes m = NaiveBayes.train(examples, 200);
        assertThat(m.examples()).isEqualTo(20);
        assertThat(m.conversions()).isEqualTo(7);
        // C = 7, N = 13, K(channel) = 3: referral (6 + 1) / (7 + 3) over (4 + 1) / (13 + 3)
        double referral = (7 / 10.0) / (5 / 16.0);
        double retail = (8 / 9.0) / (14 / 15.0); // K(industry) = 2: retail everywhere, ratio near 1
        double odds = Math.log(8 / 14.0) + Math.log(referral) + Math.log(retail);
        LeadFeatures lead = LeadFeatures.of("Referral", null, "retail", null, null, null, null, NOW);
        assertThat(m.logOdds(lead)).isCloseTo(odds, within(1e-9));
        assertThat(m.probability(lead)).isCloseTo(1 / (1 + Math.exp(-odds)), within(1e-9));
        assertThat(m.probability(LeadFeatures.of("ads", null, null, null, null, null, null, NOW)))
                .isLessThan(m.probability(LeadFeatures.of("referral", null, null, null, null, null, null, NOW)));
        // A value never seen moves the odds a little; an absent feature not at all.
        LeadFeatures nothing = LeadFeatures.of(null, null, null, null, null, null, null, NOW);
        assertThat(m.logOdds(nothing)).isCloseTo(Math.log(8 / 14.0), within(1e-9));
        assertThat(m.factors()).filteredOn(f -> f.feature().equals("channel")).first()
                .satisfies(f -> assertThat(f.value()).isEqualTo("ads"));
        assertThat(m.band(m.probability(lead))).isEqualTo("HIGH");
    }

    @Test
    void rare_values_are_pooled_beyond_the_limit() {
        List<NaiveBayes.Example> examples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            examples.add(example("c" + (i % 10), null, i % 3 == 0));
        }
        examples.add(example("c0", null, false));
        NaiveBayes m = NaiveBayes.train(examples, 3);
        assertThat(m.counts().get("channel")).hasSize(4).containsKey(NaiveBayes.OTHER);
        assertThat(m.counts().get("channel").get("c0")).containsExactly(1, 3);
    }
}
