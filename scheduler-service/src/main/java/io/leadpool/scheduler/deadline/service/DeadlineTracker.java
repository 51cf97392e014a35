package io.leadpool.scheduler.deadline.service;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.repository.DeadlineRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Learns every owned lead's follow-up deadline from the pool's events. */
@ApplicationScoped
public class DeadlineTracker {

    private final DeadlineRepository deadlines;

    public DeadlineTracker(DeadlineRepository deadlines) {
        this.deadlines = deadlines;
    }

    /** Runs inside the consumer's tenant transaction. */
    public Uni<Void> onPoolEvent(EventEnvelope event) {
        return deadlineOf(event).map(d -> deadlines.track(d).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** The deadline an event sets, if it is one that moves deadlines. Pure: tested without a database. */
    public static Optional<Deadline> deadlineOf(EventEnvelope event) {
        String tenant = event.tenantid();
        return event.eventType().flatMap(type -> switch (type) {
            case OWNERSHIP_CHANGED -> {
                OwnershipChanged c = EventCodec.payload(event, OwnershipChanged.class);
                yield Optional.of(new Deadline(tenant, c.leadId(), Deadline.Kind.FOLLOW_UP, c.version(), c.toOwner(),
                        c.poolId(), c.toOwner() == null ? null : c.deadlines().followUpDueAt()));
            }
            case FOLLOW_UP_LOGGED -> {
                FollowUpLogged f = EventCodec.payload(event, FollowUpLogged.class);
                yield Optional.of(new Deadline(tenant, f.leadId(), Deadline.Kind.FOLLOW_UP, f.version(), f.ownerId(),
                        null, f.deadlines().followUpDueAt()));
            }
            case LEAD_LOCK_CHANGED -> {
                LeadLockChanged l = EventCodec.payload(event, LeadLockChanged.class);
                yield Optional.of(new Deadline(tenant, l.leadId(), Deadline.Kind.FOLLOW_UP, l.version(), l.ownerId(),
                        null, l.locked() ? null : l.deadlines().followUpDueAt()));
            }
            default -> Optional.empty();
        });
    }
}
