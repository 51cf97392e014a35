package io.leadpool.dedup.identity;

import java.util.HashSet;
import java.util.Set;

/**
 * pg_trgm's similarity, in Java, for comparing leads of one batch with each other before they reach the
 * table (where pg_trgm compares them with stored leads). Company keys are one lower-case word with no
 * spaces, which pg_trgm pads with two spaces in front and one behind before cutting it in threes; the
 * similarity is shared trigrams over all distinct trigrams of both.
 */
public final class Trigrams {

    private Trigrams() {
    }

    public static double similarity(Set<String> ta, Set<String> tb) {
        if (ta.isEmpty() || tb.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String t : ta) {
            if (tb.contains(t)) {
                common++;
            }
        }
        return (double) common / (ta.size() + tb.size() - common);
    }

    public static Set<String> of(String word) {
        Set<String> trigrams = new HashSet<>();
        if (word == null || word.isEmpty()) {
            return trigrams;
        }
        int[] cps = ("  " + word + " ").codePoints().toArray();
        for (int i = 0; i + 3 <= cps.length; i++) {
            trigrams.add(new String(cps, i, 3));
        }
        return trigrams;
    }
}
