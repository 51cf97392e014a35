package io.leadpool.pool.distribution;

import java.util.Map;

/**
 * A rep's weight in a {@code WEIGHTED} pool, for one lead:
 *
 * <pre>
 *   weight = base × capacity × performance^strength
 *   base        = the pool's weight for the rep's tier (distributionOptions.weights, default 1)
 *   capacity    = (limit − held) / limit under the rep's holding limit (1 without a limit; at the limit the rep
 *                 is not eligible at all)
 *   performance = ((c + m·p) / (n + m)) / p
 * </pre>
 * where, over the pool's performance window, {@code n} is what the rep received and {@code c} what they converted
 * of leads in the lead's score band (all bands when the lead has no score, or when nobody converted any lead of
 * that band), {@code p} the same rate over every candidate rep, and {@code m} a prior of that many average leads
 * ({@code leadpool.distribution.performance-prior}, 10): a rep with little history counts as average, one who
 * converts twice the average of high-score leads gets about twice the high-score leads. Without any conversion in
 * the window, performance is 1 for everyone.
 */
public final class RepWeights {

    private RepWeights() {
    }

    /** Received and converted leads of a rep (or of everyone) in the window, overall and by score band. */
    public record Record(long received, long converted, Map<String, long[]> byBand) {

        /** {received, converted} in a band, or overall when the band is null. */
        long[] in(String band) {
            if (band == null) {
                return new long[] { received, converted };
            }
            return byBand.getOrDefault(band, new long[] { 0, 0 });
        }
    }

    public static double capacity(Integer limit, long held) {
        if (limit == null) {
            return 1.0;
        }
        if (limit <= 0 || held >= limit) {
            return 0.0;
        }
        return (limit - held) / (double) limit;
    }

    /**
     * @param rep      the rep's record (null: none)
     * @param everyone the candidates' records summed
     * @param band     the lead's score band, or null
     * @param prior    m, in leads
     */
    public static double performance(Record rep, Record everyone, String band, double prior) {
        String b = band;
        long[] all = everyone.in(b);
        if (b != null && (all[0] == 0 || all[1] == 0)) {
            b = null; // nobody converted a lead of this band yet: the overall record
            all = everyone.in(null);
        }
        if (all[0] == 0 || all[1] == 0) {
            return 1.0;
        }
        double p = all[1] / (double) all[0];
        long[] mine = rep == null ? new long[] { 0, 0 } : rep.in(b);
        return ((mine[1] + prior * p) / (mine[0] + prior)) / p;
    }

    public static double weight(double base, double capacity, double performance, double strength) {
        if (!(base > 0) || !(capacity > 0)) {
            return 0.0;
        }
        return base * capacity * Math.pow(performance, strength);
    }
}
