package io.leadpool.scheduler.deadline.service;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadConverted;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.StageChanged;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.Deadline.Kind;
import io.leadpool.scheduler.deadline.repository.DeadlineRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Learns every owned lead's deadlines and reminder times from the pool's events. The pool computes the
 * instants (rules, level overrides, stages, time zone); the scheduler only keeps and acts on them.
 */
@ApplicationScoped
public class DeadlineTracker {

    private final DeadlineRepository deadlines;
    private final RecycleSweep sweep;

    public DeadlineTracker(DeadlineRepository deadlines, RecycleSweep sweep) {
        this.deadlines = deadlines;
        this.sweep = sweep;
    }

    /** Runs inside the consumer's tenant transaction. */
    public Uni<Void> onPoolEvent(EventEnvelope event) {
        return track(deadlinesOf(event));
    }

    /** A batch of one tenant's events, in one statement. Runs inside the consumer's tenant transaction. */
    public Uni<Void> onPoolEvents(String tenantId, List<EventEnvelope> events) {
        return track(events.stream().flatMap(e -> deadlinesOf(e).stream()).toList());
    }

    /**
     * Records the rows and, once they have committed, has the sweep wake for the soonest of them (if before its next
     * tick): a round woken earlier could miss rows its query cannot yet see.
     */
    private Uni<Void> track(List<Deadline> rows) {
        return deadlines.trackAll(rows).invoke(() -> rows.stream().map(Deadline::dueAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .ifPresent(soonest -> TenantTransactions.afterCommit(() -> sweep.wakeBy(soonest)))).replaceWithVoid();
    }

    /** The events {@link #deadlinesOf} reads; the others ({@code LeadPooled}, {@code LeadTouched}) set none. */
    public static final Predicate<String> MOVES_DEADLINES = IdempotentConsumer.ofTypes(EventType.OWNERSHIP_CHANGED,
            EventType.FOLLOW_UP_LOGGED, EventType.LEAD_LOCK_CHANGED, EventType.STAGE_CHANGED, EventType.LEAD_RESCHEDULED,
            EventType.LEAD_CONVERTED);

    /**
     * The four rows (follow-up, progress and a reminder of each) an event sets, or none when it does not
     * move deadlines. Pure: tested without a database.
     */
    public static List<Deadline> deadlinesOf(EventEnvelope event) {
        String t = event.tenantid();
        return event.eventType().map(type -> switch (type) {
            case OWNERSHIP_CHANGED -> {
                OwnershipChanged c = EventCodec.payload(event, OwnershipChanged.class);
                yield rows(t, c.leadId(), c.version(), c.toOwner(), c.poolId(),
                        c.toOwner() == null ? LeadDeadlines.NONE : c.deadlines());
            }
            case FOLLOW_UP_LOGGED -> {
                FollowUpLogged f = EventCodec.payload(event, FollowUpLogged.class);
                yield rows(t, f.leadId(), f.version(), f.ownerId(), null, f.deadlines());
            }
            case LEAD_LOCK_CHANGED -> {
                LeadLockChanged l = EventCodec.payload(event, LeadLockChanged.class);
                yield rows(t, l.leadId(), l.version(), l.ownerId(), null, l.locked() ? LeadDeadlines.NONE : l.deadlines());
            }
            case STAGE_CHANGED -> {
                StageChanged s = EventCodec.payload(event, StageChanged.class);
                yield rows(t, s.leadId(), s.version(), s.ownerId(), null, s.deadlines());
            }
            case LEAD_RESCHEDULED -> {
                LeadRescheduled r = EventCodec.payload(event, LeadRescheduled.class);
                yield rows(t, r.leadId(), r.version(), r.ownerId(), r.poolId(),
                        r.ownerId() == null ? LeadDeadlines.NONE : r.deadlines());
            }
            case LEAD_CONVERTED -> {
                LeadConverted c = EventCodec.payload(event, LeadConverted.class);
                yield rows(t, c.leadId(), c.version(), c.ownerId(), c.poolId(), LeadDeadlines.NONE);
            }
            default -> List.<Deadline>of();
        }).orElse(List.of());
    }

    private static List<Deadline> rows(String tenant, UUID lead, long version, String owner, UUID pool,
            LeadDeadlines d) {
        Instant followUp = d == null ? null : d.followUpDueAt();
        Instant progress = d == null ? null : d.progressDueAt();
        return List.of(
                new Deadline(tenant, lead, Kind.FOLLOW_UP, version, owner, pool, followUp),
                new Deadline(tenant, lead, Kind.PROGRESS, version, owner, pool, progress),
                new Deadline(tenant, lead, Kind.FOLLOW_UP_REMINDER, version, owner, pool,
                        followUp == null ? null : d.followUpRemindAt(), followUp),
                new Deadline(tenant, lead, Kind.PROGRESS_REMINDER, version, owner, pool,
                        progress == null ? null : d.progressRemindAt(), progress));
    }
}
