package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner locked or unlocked a lead. A locked lead is exempt from recycling: {@code followUpDueAt} is
 * null while locked, and the deadline starts again from the unlock.
 */
public record LeadLockChanged(UUID leadId, String ownerId, boolean locked, long version, Instant followUpDueAt,
        Instant at) {
}
