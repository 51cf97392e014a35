package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead changed hands: claimed, assigned, transferred, released, recycled or moved by an offboarding.
 * {@code version} is the lead's version after the change; {@code deadlines} are the clocks now running
 * ({@link LeadDeadlines#NONE} when nobody owns the lead).
 */
public record OwnershipChanged(
        UUID leadId,
        UUID poolId,
        String action,
        String fromOwner,
        String toOwner,
        String actor,
        String reason,
        long version,
        LeadDeadlines deadlines,
        Instant at,
        String toOwnerName) {

    /** A change whose new owner's name is not at hand (a release, a recycle: nobody owns the lead after it). */
    public OwnershipChanged(UUID leadId, UUID poolId, String action, String fromOwner, String toOwner, String actor,
            String reason, long version, LeadDeadlines deadlines, Instant at) {
        this(leadId, poolId, action, fromOwner, toOwner, actor, reason, version, deadlines, at, null);
    }
}
