package io.leadpool.events;

import java.util.List;
import java.util.UUID;

/** Dedup matched an incoming lead to an existing one on the listed keys ({@code PHONE}, {@code EMAIL}). */
public record LeadDuplicateDetected(UUID intakeId, UUID duplicateOf, List<String> matchedOn, LeadDetails lead) {
    public LeadDuplicateDetected {
        matchedOn = List.copyOf(matchedOn);
    }
}
