package io.leadpool.pool.distribution;

import io.leadpool.platform.text.Places;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.rep.RepProfile;
import java.util.List;
import java.util.Locale;

/**
 * How well a rep's skills fit a lead: one point for each of industry, region and product where the lead has a
 * value and the rep lists it (case and surrounding spaces ignored; regions compared as places, so 上海, 上海市 and
 * Shanghai are one). A {@code SKILL_MATCH} pool hands a lead to the eligible reps with the most points, if any
 * has one.
 */
public final class SkillMatch {

    private SkillMatch() {
    }

    public static int points(RepProfile.Skills skills, Lead lead) {
        if (skills == null) {
            return 0;
        }
        return (covers(skills.industries(), lead.industry, false) ? 1 : 0)
                + (covers(skills.regions(), lead.region, true) ? 1 : 0)
                + (covers(skills.products(), lead.product, false) ? 1 : 0);
    }

    static boolean covers(List<String> skills, String value, boolean place) {
        if (value == null || value.isBlank() || skills.isEmpty()) {
            return false;
        }
        String v = key(value, place);
        return skills.stream().anyMatch(s -> key(s, place).equals(v));
    }

    private static String key(String value, boolean place) {
        String plain = value.trim().toLowerCase(Locale.ROOT);
        return place ? Places.canonical(value).orElse(plain) : plain;
    }
}
