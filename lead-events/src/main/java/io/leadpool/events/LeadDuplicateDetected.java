package io.leadpool.events;

import java.util.List;
import java.util.UUID;

/**
 * Dedup matched an incoming lead to an existing one on the listed keys ({@code PHONE}, {@code EMAIL}, or
 * {@code COMPANY} when the tenant blocks company matches), with a score in (0, 1] (1 for a person key).
 */
public record LeadDuplicateDetected(UUID intakeId, UUID duplicateOf, List<String> matchedOn, LeadDetails lead,
        double score, ImportRow importRow) {

    public LeadDuplicateDetected {
        matchedOn = List.copyOf(matchedOn);
    }

    public LeadDuplicateDetected(UUID intakeId, UUID duplicateOf, List<String> matchedOn, LeadDetails lead) {
        this(intakeId, duplicateOf, matchedOn, lead, 1.0, null);
    }
}
