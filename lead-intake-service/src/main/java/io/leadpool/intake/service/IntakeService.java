package io.leadpool.intake.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.intake.Intake;
import io.leadpool.intake.IntakeStatus;
import io.leadpool.intake.LeadValidation;
import io.leadpool.intake.repository.IntakeRepository;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Takes leads in: validates, records the intake and publishes {@code LeadReceived} in one transaction. */
@ApplicationScoped
public class IntakeService {

    private final IntakeRepository intakes;
    private final TenantTransactions tx;
    private final Outbox outbox;
    private final LeadValidation validation;

    public IntakeService(IntakeRepository intakes, TenantTransactions tx, Outbox outbox,
            @ConfigProperty(name = "leadpool.intake.max-field-length") int maxFieldLength,
            @ConfigProperty(name = "leadpool.intake.max-attributes") int maxAttributes) {
        this.intakes = intakes;
        this.tx = tx;
        this.outbox = outbox;
        this.validation = new LeadValidation(maxFieldLength, maxAttributes);
    }

    /** The outcome of a submission: the intake, and whether this call created it. */
    public record Submission(Intake intake, boolean created) {
    }

    public Uni<Submission> receive(Actor actor, LeadDetails lead, String idempotencyKey) {
        List<ProblemException.FieldError> errors = validation.check(lead);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            return Uni.createFrom().failure(ProblemException.invalid("Idempotency-Key", "1 to 200 characters"));
        }
        Uni<Submission> attempt = tx.inTenant(actor.tenantId(), () -> idempotencyKey == null
                ? create(actor, lead, null)
                : intakes.findByIdempotencyKey(actor.tenantId(), idempotencyKey)
                        .chain(existing -> existing != null
                                ? Uni.createFrom().item(new Submission(existing, false))
                                : create(actor, lead, idempotencyKey)));
        // Two requests with one key at the same moment: the unique index lets one in; the other reads it.
        return idempotencyKey == null ? attempt
                : attempt.onFailure(e -> Failures.isUniqueViolation(e, "intake_idempotency")).recoverWithUni(() -> tx.inTenant(actor.tenantId(),
                        () -> intakes.findByIdempotencyKey(actor.tenantId(), idempotencyKey)
                                .map(existing -> new Submission(existing, false))));
    }

    public Uni<Intake> find(Actor actor, UUID id) {
        return tx.inTenant(actor.tenantId(), () -> intakes.findInTenant(actor.tenantId(), id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("intake " + id));
    }

    private Uni<Submission> create(Actor actor, LeadDetails lead, String idempotencyKey) {
        Intake intake = new Intake();
        intake.id = Uuid7.next();
        intake.tenantId = actor.tenantId();
        intake.status = IntakeStatus.RECEIVED;
        intake.idempotencyKey = idempotencyKey;
        intake.lead = lead;
        intake.receivedBy = actor.userId();
        intake.createdAt = DbClock.now();
        intake.updatedAt = intake.createdAt;
        return intakes.persistAndFlush(intake)
                .chain(() -> outbox.add(actor.tenantId(), intake.id,
                        new LeadReceived(intake.id, lead, actor.userId(), intake.createdAt)))
                .replaceWith(new Submission(intake, true));
    }
}
