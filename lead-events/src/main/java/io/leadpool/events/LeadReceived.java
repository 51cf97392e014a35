package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/** Intake took a lead in; dedup decides what it is. {@code importRow} is set for rows of a file. */
public record LeadReceived(UUID intakeId, LeadDetails lead, String receivedBy, Instant receivedAt,
        ImportRow importRow) {

    public LeadReceived(UUID intakeId, LeadDetails lead, String receivedBy, Instant receivedAt) {
        this(intakeId, lead, receivedBy, receivedAt, null);
    }
}
