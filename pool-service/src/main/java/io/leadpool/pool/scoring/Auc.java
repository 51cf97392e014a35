package io.leadpool.pool.scoring;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The area under the ROC curve: the probability that a converted lead, drawn at random, scores higher than a lead
 * that did not convert (ties count half). 0.5 is what a constant score gets; 1.0 a perfect ranking. Computed from
 * ranks (Mann–Whitney U), ties averaged.
 */
public final class Auc {

    private Auc() {
    }

    /** NaN when there are no positives or no negatives. */
    public static double of(double[] scores, boolean[] converted) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // the average rank of a run of ties, 1-based
            for (int k = i; k <= j; k++) {
                if (converted[order[k]]) {
                    rankSumPositives += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}
