package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner moved a lead to another sales stage. An advance restarts the progress clock; a stage the
 * pool exempts (by default {@code WON}) stops every clock.
 */
public record StageChanged(UUID leadId, String ownerId, String fromStage, String toStage, boolean advanced,
        long version, LeadDeadlines deadlines, Instant at) {
}
