package io.leadpool.dedup.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The block a company match is looked for in: 上海, 上海市 and "Shanghai City" are one region. A lead
 * without a region is compared with every region.
 */
public final class RegionKey {

    private RegionKey() {
    }

    public static Optional<String> of(String region) {
        if (region == null) {
            return Optional.empty();
        }
        String r = Normalizer.normalize(region, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{Nd}]+", " ").trim();
        for (String suffix : new String[] { "特别行政区", "自治区", "省", "市", "区", " city", " province", " shi" }) {
            if (r.length() > suffix.length() && r.endsWith(suffix)) {
                r = r.substring(0, r.length() - suffix.length()).trim();
                break;
            }
        }
        r = r.replace(" ", "");
        return r.isEmpty() ? Optional.empty() : Optional.of(r);
    }
}
