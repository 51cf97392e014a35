package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An arbiter decided a company conflict (撞单) between a new lead and an existing one:
 * {@code MERGE_INTO_EXISTING} folds the new lead into the existing one, {@code DISCARD} drops the new
 * lead, {@code KEEP_BOTH} keeps both as they are.
 */
public record ConflictResolved(UUID conflictId, UUID leadId, UUID existingLeadId, Action action, String resolvedBy,
        Instant at) {

    public enum Action {
        MERGE_INTO_EXISTING, KEEP_BOTH, DISCARD
    }
}
