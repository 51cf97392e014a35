package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/** The owner followed up; the follow-up clock started again ({@code deadlines}). */
public record FollowUpLogged(UUID leadId, String ownerId, String followUpType, long version,
        LeadDeadlines deadlines, Instant at) {
}
