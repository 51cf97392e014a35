package io.leadpool.pool.scoring;

import io.leadpool.platform.text.Places;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the score looks at, as categories: where the lead came from ({@code channel}, {@code campaign}), who it is
 * ({@code industry}, {@code region}, {@code companySize} in bands), and how fast its owner first followed it up
 * after taking it ({@code responseTime}). A feature the lead does not have is absent and the model skips it, so a
 * lead still in the pool is scored by what is known of it, and its score sharpens once it has been followed up.
 */
public record LeadFeatures(Map<String, String> values) {

    public static final List<String> NAMES = List.of("channel", "campaign", "industry", "region", "companySize",
            "responseTime");
    /** The attributes a company's size is read from (the first present wins). */
    public static final List<String> SIZE_ATTRIBUTES = List.of("companySize", "employees");
    static final int MAX_VALUE = 100;
    /** A lead taken this long ago without a follow-up counts as answered in ≥3d; before that it is unknown. */
    static final Duration SLOWEST = Duration.ofDays(3);
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,.]*");

    public LeadFeatures {
        values = Map.copyOf(values);
    }

    /**
     * @param takenAt         when the lead's owner took it (claim, assignment, transfer), null if nobody owns it
     * @param firstFollowUpAt their first follow-up since, null if none
     * @param now             when the features are read
     */
    public static LeadFeatures of(String channel, String campaign, String industry, String region, String companySize,
            Instant takenAt, Instant firstFollowUpAt, Instant now) {
        Map<String, String> v = new LinkedHashMap<>();
        put(v, "channel", text(channel));
        put(v, "campaign", text(campaign));
        put(v, "industry", text(industry));
        put(v, "region", region == null ? null : Places.canonical(region).map(LeadFeatures::clip).orElse(null));
        put(v, "companySize", size(companySize));
        put(v, "responseTime", response(takenAt, firstFollowUpAt, now));
        return new LeadFeatures(v);
    }

    /** The size attribute of a lead's attributes, if it has one. */
    public static String sizeOf(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        return SIZE_ATTRIBUTES.stream().map(attributes::get).filter(s -> s != null && !s.isBlank()).findFirst()
                .orElse(null);
    }

    public String get(String feature) {
        return values.get(feature);
    }

    /** A number of employees in bands (1-9, 10-49, 50-249, 250-999, 1000+); other text as it is. */
    static String size(String raw) {
        String t = text(raw);
        if (t == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(t);
        if (m.find()) {
            try {
                long n = Long.parseLong(m.group().replace(",", "").replaceAll("\\..*", ""));
                return n < 10 ? "1-9" : n < 50 ? "10-49" : n < 250 ? "50-249" : n < 1000 ? "250-999" : "1000+";
            } catch (NumberFormatException e) {
                return "1000+"; // more digits than a long holds
            }
        }
        return t;
    }

    static String response(Instant takenAt, Instant firstFollowUpAt, Instant now) {
        if (takenAt == null) {
            return null;
        }
        Duration d;
        if (firstFollowUpAt != null) {
            d = Duration.between(takenAt, firstFollowUpAt);
        } else if (!Duration.between(takenAt, now).minus(SLOWEST).isNegative()) {
            d = SLOWEST;
        } else {
            return null;
        }
        return d.compareTo(Duration.ofHours(1)) < 0 ? "<1h" : d.compareTo(Duration.ofDays(1)) < 0 ? "<1d"
                : d.compareTo(SLOWEST) < 0 ? "<3d" : ">=3d";
    }

    private static String text(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return clip(raw.trim().toLowerCase(Locale.ROOT));
    }

    private static String clip(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
    }

    private static void put(Map<String, String> v, String name, String value) {
        if (value != null) {
            v.put(name, value);
        }
    }
}
