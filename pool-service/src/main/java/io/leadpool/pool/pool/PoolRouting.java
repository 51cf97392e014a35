package io.leadpool.pool.pool;

import io.leadpool.events.LeadDetails;
import java.util.List;
import java.util.Locale;

/**
 * Which new leads a pool takes. Every non-empty list of {@code match} must contain the lead's value
 * (case-insensitive); among matching pools the highest {@code priority} wins, and a lead no pool
 * matches goes to the default pool. A pool with an empty match takes no routed leads.
 */
public record PoolRouting(Integer priority, Match match) {

    /** The values a lead must have, per field; empty lists do not constrain. */
    public record Match(List<String> region, List<String> industry, List<String> product, List<String> channel,
            List<String> campaign) {
        public Match {
            region = region == null ? List.of() : List.copyOf(region);
            industry = industry == null ? List.of() : List.copyOf(industry);
            product = product == null ? List.of() : List.copyOf(product);
            channel = channel == null ? List.of() : List.copyOf(channel);
            campaign = campaign == null ? List.of() : List.copyOf(campaign);
        }

        boolean isEmpty() {
            return region.isEmpty() && industry.isEmpty() && product.isEmpty() && channel.isEmpty()
                    && campaign.isEmpty();
        }
    }

    public static PoolRouting none() {
        return new PoolRouting(0, new Match(null, null, null, null, null));
    }

    public int priorityOrZero() {
        return priority == null ? 0 : priority;
    }

    public boolean matches(LeadDetails lead) {
        if (match == null || match.isEmpty()) {
            return false;
        }
        String channel = lead.source() == null ? null : lead.source().channel();
        String campaign = lead.source() == null ? null : lead.source().campaign();
        return accepts(match.region(), lead.region()) && accepts(match.industry(), lead.industry())
                && accepts(match.product(), lead.product()) && accepts(match.channel(), channel)
                && accepts(match.campaign(), campaign);
    }

    private static boolean accepts(List<String> wanted, String value) {
        if (wanted.isEmpty()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return wanted.stream().anyMatch(w -> w.trim().toLowerCase(Locale.ROOT).equals(v));
    }
}
