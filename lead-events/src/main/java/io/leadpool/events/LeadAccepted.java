package io.leadpool.events;

import java.util.UUID;

/**
 * Dedup found no earlier lead for this person: a new lead exists with {@code leadId}. {@code conflictId}
 * is set when the company resembles an existing lead's and the tenant's policy flags it for arbitration.
 */
public record LeadAccepted(UUID intakeId, UUID leadId, LeadDetails lead, String normalizedPhone,
        String normalizedEmail, ImportRow importRow, UUID conflictId) {

    public LeadAccepted(UUID intakeId, UUID leadId, LeadDetails lead, String normalizedPhone, String normalizedEmail) {
        this(intakeId, leadId, lead, normalizedPhone, normalizedEmail, null, null);
    }
}
