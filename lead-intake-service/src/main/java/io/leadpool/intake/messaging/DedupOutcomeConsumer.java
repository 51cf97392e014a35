package io.leadpool.intake.messaging;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadRejected;
import io.leadpool.intake.IntakeStatus;
import io.leadpool.intake.repository.IntakeRepository;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Finishes an intake with dedup's decision. */
@ApplicationScoped
public class DedupOutcomeConsumer {

    public static final String CHANNEL = "dedup-outcomes";

    private final IdempotentConsumer consumer;
    private final IntakeRepository intakes;

    public DedupOutcomeConsumer(IdempotentConsumer consumer, IntakeRepository intakes) {
        this.consumer = consumer;
        this.intakes = intakes;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcome(String json) {
        return consumer.consume("intake.dedup-outcome", json, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event) {
        String tenant = event.tenantid();
        return switch (event.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(event.type()))) {
            case LEAD_ACCEPTED -> {
                LeadAccepted a = EventCodec.payload(event, LeadAccepted.class);
                yield intakes.decide(tenant, a.intakeId(), IntakeStatus.ACCEPTED, a.leadId(), null, null)
                        .replaceWithVoid();
            }
            case LEAD_DUPLICATE_DETECTED -> {
                LeadDuplicateDetected d = EventCodec.payload(event, LeadDuplicateDetected.class);
                yield intakes.decide(tenant, d.intakeId(), IntakeStatus.DUPLICATE, null, d.duplicateOf(),
                        String.join(",", d.matchedOn())).replaceWithVoid();
            }
            case LEAD_REJECTED -> {
                LeadRejected r = EventCodec.payload(event, LeadRejected.class);
                yield intakes.findInTenant(tenant, r.intakeId()).chain(intake -> {
                    if (intake == null || intake.status != IntakeStatus.RECEIVED) {
                        return Uni.createFrom().voidItem();
                    }
                    intake.status = IntakeStatus.REJECTED;
                    intake.violations = r.violations();
                    intake.updatedAt = DbClock.now();
                    return Panache.getSession().chain(s -> s.flush());
                });
            }
            default -> Uni.createFrom().voidItem();
        };
    }
}
