package io.leadpool.dedup.identity;

import io.leadpool.platform.text.Places;
import java.util.Optional;

/**
 * The block a company match is looked for in: 上海, 上海市 and "Shanghai City" are one region. A lead
 * without a region is compared with every region.
 */
public final class RegionKey {

    private RegionKey() {
    }

    public static Optional<String> of(String region) {
        return Places.canonical(region);
    }
}
