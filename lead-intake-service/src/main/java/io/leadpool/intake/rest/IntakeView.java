package io.leadpool.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.events.LeadRejected;
import io.leadpool.intake.Intake;
import io.leadpool.intake.IntakeStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What a caller sees of an intake. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeView(UUID intakeId, IntakeStatus status, UUID leadId, UUID duplicateOf, List<String> matchedOn,
        List<LeadRejected.Violation> violations, Instant receivedAt, Instant updatedAt) {

    static IntakeView of(Intake i) {
        return new IntakeView(i.id, i.status, i.leadId, i.duplicateOf,
                i.matchedOn == null ? null : Arrays.asList(i.matchedOn.split(",")), i.violations, i.createdAt,
                i.updatedAt);
    }
}
