package io.leadpool.pool.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's lead score: naive Bayes over {@link LeadFeatures}, learned from the tenant's own leads whose outcome
 * is known. The model is nothing but counts, so it can be read and explained:
 *
 * <pre>
 *   log odds(converts | x) = log((C + 1) / (N + 1))                                  the tenant's base odds
 *                          + Σ over the lead's known features f with value v:
 *                              log((c[f][v] + 1) / (C + K[f]))  −  log((n[f][v] + 1) / (N + K[f]))
 *   score = 1 / (1 + e^−log odds)
 * </pre>
 * {@code C}, {@code N}: converted and not converted examples; {@code c[f][v]}, {@code n[f][v]}: those among them
 * with value v of f; {@code K[f]}: f's number of values + 1 (Laplace smoothing: a value never seen, or seen only
 * on one side, moves the odds a little, never to certainty). Each term is the log of a likelihood ratio: how much
 * more often converted leads had that value than the others. "Naive" because the ratios of the features are
 * multiplied as if independent; correlated features (a campaign that is always on one channel) are counted twice,
 * which makes the probabilities overconfident while keeping the order of leads useful (see the AUC).
 *
 * @param examples    leads the model learned from
 * @param conversions converted ones among them
 * @param counts      feature → value → {converted, not converted}; values beyond the most frequent
 *                    {@code maxValues} of a feature are pooled as {@value #OTHER}
 * @param highCut     scores at or above this are HIGH (the top third of the examples)
 * @param mediumCut   scores at or above this (and below highCut) are MEDIUM; below it LOW
 */
public record NaiveBayes(int examples, int conversions, Map<String, Map<String, int[]>> counts, double highCut,
        double mediumCut) {

    public static final String OTHER = "(other)";

    /** A lead whose outcome is known. */
    public record Example(UUID leadId, LeadFeatures features, boolean converted) {
    }

    /** One value of one feature, and how much it moves a lead's odds. */
    public record Factor(String feature, String value, int leads, int conversions, double likelihoodRatio) {
    }

    public static NaiveBayes train(List<Example> examples, int maxValues) {
        Map<String, Map<String, int[]>> raw = new LinkedHashMap<>();
        int conversions = 0;
        for (Example e : examples) {
            if (e.converted()) {
                conversions++;
            }
            e.features().values().forEach((f, v) -> raw.computeIfAbsent(f, k -> new HashMap<>())
                    .computeIfAbsent(v, k -> new int[2])[e.converted() ? 0 : 1]++);
        }
        Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();
        raw.forEach((f, values) -> counts.put(f, pruned(values, maxValues)));
        NaiveBayes unbanded = new NaiveBayes(examples.size(), conversions, counts, 1, 0);
        double[] scores = examples.stream().mapToDouble(e -> unbanded.probability(e.features())).sorted().toArray();
        double mediumCut = scores.length == 0 ? 0 : scores[scores.length / 3];
        double highCut = scores.length == 0 ? 1 : scores[(2 * scores.length) / 3];
        return new NaiveBayes(examples.size(), conversions, counts, highCut, mediumCut);
    }

    private static Map<String, int[]> pruned(Map<String, int[]> values, int maxValues) {
        List<Map.Entry<String, int[]>> byFrequency = new ArrayList<>(values.entrySet());
        byFrequency.sort(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
                .thenComparing(Map.Entry::getKey));
        Map<String, int[]> kept = new LinkedHashMap<>();
        for (int i = 0; i < byFrequency.size(); i++) {
            Map.Entry<String, int[]> e = byFrequency.get(i);
            if (i < maxValues) {
                kept.put(e.getKey(), e.getValue());
            } else {
                int[] other = kept.computeIfAbsent(OTHER, k -> new int[2]);
                other[0] += e.getValue()[0];
                other[1] += e.getValue()[1];
            }
        }
        return kept;
    }

    public double logOdds(LeadFeatures lead) {
        int c = conversions;
        int n = examples - conversions;
        double odds = Math.log((c + 1.0) / (n + 1.0));
        for (Map.Entry<String, String> fv : lead.values().entrySet()) {
            Map<String, int[]> values = counts.get(fv.getKey());
            if (values == null) {
                continue; // a feature no example had says nothing
            }
            odds += Math.log(ratio(values, count(values, fv.getValue()), c, n));
        }
        return odds;
    }

    public double probability(LeadFeatures lead) {
        return 1 / (1 + Math.exp(-logOdds(lead)));
    }

    /** HIGH, MEDIUM or LOW by the tenant's thirds. */
    public String band(double score) {
        return score >= highCut ? "HIGH" : score >= mediumCut ? "MEDIUM" : "LOW";
    }

    /** Every value of every feature with its likelihood ratio, strongest first within each feature. */
    public List<Factor> factors() {
        List<Factor> all = new ArrayList<>();
        int c = conversions;
        int n = examples - conversions;
        counts.forEach((f, values) -> values.entrySet().stream()
                .map(e -> new Factor(f, e.getKey(), e.getValue()[0] + e.getValue()[1], e.getValue()[0],
                        round(ratio(values, e.getValue(), c, n))))
                .sorted(Comparator.comparingDouble((Factor x) -> -Math.abs(Math.log(x.likelihoodRatio()))))
                .forEach(all::add));
        return all;
    }

    private static int[] count(Map<String, int[]> values, String value) {
        int[] known = values.get(value);
        if (known != null) {
            return known;
        }
        int[] other = values.get(OTHER);
        return other != null ? other : new int[2];
    }

    private static double ratio(Map<String, int[]> values, int[] cv, int c, int n) {
        int k = values.size() + 1;
        return ((cv[0] + 1.0) / (c + k)) / ((cv[1] + 1.0) / (n + k));
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NaiveBayes m && examples == m.examples && conversions == m.conversions
                && highCut == m.highCut && mediumCut == m.mediumCut && counts.keySet().equals(m.counts.keySet())
                && counts.entrySet().stream().allMatch(e -> same(e.getValue(), m.counts.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(examples) * 31 + conversions;
    }

    private static boolean same(Map<String, int[]> a, Map<String, int[]> b) {
        return b != null && a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }
}
