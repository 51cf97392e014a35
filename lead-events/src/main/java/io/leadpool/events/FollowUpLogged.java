package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/** The owner followed up; the follow-up deadline moved to {@code followUpDueAt}. */
public record FollowUpLogged(UUID leadId, String ownerId, String followUpType, long version,
        Instant followUpDueAt, Instant at) {
}
