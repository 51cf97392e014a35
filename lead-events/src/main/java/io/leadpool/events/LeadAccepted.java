package io.leadpool.events;

import java.util.UUID;

/** Dedup found no earlier lead for this person: a new lead exists with {@code leadId}. */
public record LeadAccepted(UUID intakeId, UUID leadId, LeadDetails lead, String normalizedPhone,
        String normalizedEmail) {
}
