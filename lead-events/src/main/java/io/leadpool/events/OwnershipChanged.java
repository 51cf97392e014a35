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
        Instant at) {
}
