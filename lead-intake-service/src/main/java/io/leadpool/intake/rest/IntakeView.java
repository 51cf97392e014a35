package io.leadpool.intake.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.events.LeadRejected;
import io.leadpool.intake.Intake;
import io.leadpool.intake.IntakeStatus;
import io.leadpool.intake.service.IntakeService;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What a caller sees of an intake. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeView(UUID intakeId, IntakeStatus status, UUID leadId, UUID duplicateOf, List<String> matchedOn,
        List<LeadRejected.Violation> violations, Instant receivedAt, Instant updatedAt) {

    /** The answer to a submission, wherever it came from: 202 for a new intake, 200 for a repeated key. */
    public static Response answer(IntakeService.Submission s) {
        return Response.status(s.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/v1/intake/" + s.intake().id))
                .entity(of(s.intake()))
                .build();
    }

    static IntakeView of(Intake i) {
        return new IntakeView(i.id, i.status, i.leadId, i.duplicateOf,
                i.matchedOn == null ? null : Arrays.asList(i.matchedOn.split(",")), i.violations, i.createdAt,
                i.updatedAt);
    }
}
