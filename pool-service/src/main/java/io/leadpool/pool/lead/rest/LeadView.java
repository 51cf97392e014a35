package io.leadpool.pool.lead.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Masking;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A lead as its caller may see it. {@code timeLeft} counts down to the follow-up deadline (ISO-8601,
 * negative once overdue), so an owner sees "2 days left" without doing arithmetic.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadView(UUID id, UUID poolId, LeadState state, String ownerId, String name, String company,
        String phone, String email, boolean contactsMasked, String region, String industry, String product,
        Source source, Map<String, String> attributes, long version, Instant ownedSince, Instant lastFollowUpAt,
        Instant followUpDueAt, String timeLeft, Long timeLeftSeconds, Instant createdAt, Instant updatedAt) {

    public record Source(String channel, String campaign) {
    }

    public static LeadView of(Lead l, boolean showContacts, Instant now) {
        Duration left = l.followUpDueAt == null ? null : Duration.between(now, l.followUpDueAt);
        return new LeadView(l.id, l.poolId, l.state, l.ownerId, l.name, l.company,
                showContacts ? l.phone : Masking.phone(l.phone), showContacts ? l.email : Masking.email(l.email),
                !showContacts, l.region, l.industry, l.product, new Source(l.channel, l.campaign), l.attributes,
                l.version, l.ownedSince, l.lastFollowUpAt, l.followUpDueAt, left == null ? null : left.toString(),
                left == null ? null : left.toSeconds(), l.createdAt, l.updatedAt);
    }
}
