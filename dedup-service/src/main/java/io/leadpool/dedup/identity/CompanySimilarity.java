package io.leadpool.dedup.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How alike two company keys are, from 0 to 1. pg_trgm finds the candidates (a GIN index over every
 * key of the tenant); this decides. A key is a distinctive core and generic words at its end (科技,
 * 贸易, 发展, trading, logistics…): trigram similarity of whole keys is dominated by those words, so
 * "Brataldo Logistics" and "Bratalsta Logistics" look alike while being two companies. Here the cores
 * are compared (trigrams, or edit distance, whichever is kinder to a typo) and generic words that
 * contradict each other (科技 vs 物流: sister companies, not one) halve the score; a generic word only
 * one side has (星辰科技 vs 星辰科技发展) does not.
 */
public final class CompanySimilarity {

    /** Generic words, longest first so that 供应链 is cut before 链 could be. */
    static final List<String> GENERIC = List.of("technologies", "international", "pharmaceuticals", "electronics",
            "enterprises", "consulting", "industries", "industrial", "technology", "logistics", "materials", "solutions",
            "networks", "services", "software", "textiles", "partners", "supplies", "digital", "medical", "systems",
            "trading", "service", "textile", "global", "pharma", "supply", "foods", "media", "chain", "tech", "food",
            "供应链", "科技", "技术", "信息", "网络", "电子", "软件", "贸易", "商贸", "物流", "食品", "医药", "建材", "传媒", "文化",
            "发展", "实业", "投资", "咨询", "服务", "管理", "工程", "国际", "控股", "制造", "设备", "材料", "生物", "能源", "环保",
            "教育", "营销", "餐饮", "电商");

    /**
     * The generic words by their last character, each list in {@link #GENERIC}'s order: a key is compared only with
     * the words that can end it (most keys end in none), not with all of them, at every cut.
     */
    private static final Map<Character, List<String>> GENERIC_BY_LAST_CHAR = GENERIC.stream().collect(
            Collectors.groupingBy(g -> g.charAt(g.length() - 1), HashMap::new, Collectors.toList()));

    /** A key cut into its distinctive core and its generic words, with the core's trigrams (computed once). */
    public record Parts(String key, String core, Set<String> generic, Set<String> trigrams) {
    }

    private CompanySimilarity() {
    }

    public static double score(String a, String b) {
        return a == null || b == null ? 0 : score(parts(a), parts(b));
    }

    public static double score(Parts pa, Parts pb) {
        if (pa.key().equals(pb.key())) {
            return 1;
        }
        double core = Math.max(Trigrams.similarity(pa.trigrams(), pb.trigrams()), 1 - (double) levenshtein(pa.core(), pb.core())
                / Math.max(pa.core().codePointCount(0, pa.core().length()), pb.core().codePointCount(0, pb.core().length())));
        boolean compatible = pa.generic().containsAll(pb.generic()) || pb.generic().containsAll(pa.generic());
        return compatible ? core : core / 2;
    }

    /** The distinctive core of a key: what candidates are searched by. */
    public static String core(String key) {
        return key == null ? null : parts(key).core();
    }

    public static Parts parts(String key) {
        String core = key;
        Set<String> generic = new HashSet<>();
        boolean cut = true;
        while (cut && !core.isEmpty()) {
            cut = false;
            for (String g : GENERIC_BY_LAST_CHAR.getOrDefault(core.charAt(core.length() - 1), List.of())) {
                if (core.endsWith(g) && core.codePointCount(0, core.length()) - g.codePointCount(0, g.length()) >= 2) {
                    core = core.substring(0, core.length() - g.length());
                    generic.add(g);
                    cut = true;
                    break;
                }
            }
        }
        return new Parts(key, core, generic, Trigrams.of(core));
    }

    static int levenshtein(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[y.length];
    }
}
