package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An owned lead's clocks moved without a change of owner: its pool's rules changed ({@code RULES_CHANGED})
 * or its level did ({@code LEVEL_CHANGED}). The clocks keep their starting points; only the rules applied
 * to them changed.
 */
public record LeadRescheduled(UUID leadId, UUID poolId, String ownerId, String cause, long version,
        LeadDeadlines deadlines, Instant at) {
}
