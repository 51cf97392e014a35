package io.leadpool.events;

import java.util.List;
import java.util.UUID;

/** Dedup could not use the lead (no valid phone nor e-mail after normalisation). */
public record LeadRejected(UUID intakeId, List<Violation> violations, ImportRow importRow) {

    public LeadRejected {
        violations = List.copyOf(violations);
    }

    public LeadRejected(UUID intakeId, List<Violation> violations) {
        this(intakeId, violations, null);
    }

    /** One reason a lead was refused, naming the field. */
    public record Violation(String field, String reason) {
    }
}
