package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead changed hands: claimed, assigned, released or recycled. {@code version} is the lead's
 * ownership version after the change; {@code followUpDueAt} is the new follow-up deadline, or
 * {@code null} when nobody owns the lead or no timeout applies.
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
        Instant followUpDueAt,
        Instant at) {
}
