package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner locked or unlocked a lead. A locked lead is exempt from recycling: its {@code deadlines} are
 * {@link LeadDeadlines#NONE} while locked, and both clocks start again from the unlock.
 */
public record LeadLockChanged(UUID leadId, String ownerId, boolean locked, long version, LeadDeadlines deadlines,
        Instant at) {
}
