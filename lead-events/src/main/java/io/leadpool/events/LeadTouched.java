package io.leadpool.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Someone brought in a lead that already exists; its owner (if any) is told. */
public record LeadTouched(UUID leadId, UUID intakeId, String ownerId, List<String> matchedOn, Instant at) {
    public LeadTouched {
        matchedOn = List.copyOf(matchedOn);
    }
}
