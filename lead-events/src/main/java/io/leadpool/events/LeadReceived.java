package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/** Intake took a lead in; dedup decides what it is. */
public record LeadReceived(UUID intakeId, LeadDetails lead, String receivedBy, Instant receivedAt) {
}
