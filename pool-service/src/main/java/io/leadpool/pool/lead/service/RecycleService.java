package io.leadpool.pool.lead.service;

import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.ReminderDue;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.notification.Notifications;
import io.leadpool.pool.notification.Notifications.Kind;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.pool.metrics.PoolMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Acts on the scheduler's commands: puts neglected leads back in their pool, and reminds owners ahead of
 * their deadlines. Both apply only to the lead at the version the scheduler saw.
 */
@ApplicationScoped
public class RecycleService {

    public static final String SCHEDULER_ACTOR = "system:scheduler";
    public static final String NO_PROGRESS = "NO_PROGRESS";

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final Notifications notifications;

    private final PoolMetrics metrics;

    public RecycleService(LeadRepository leads, LeadChangeLog changes, Notifications notifications, PoolMetrics metrics) {
        this.metrics = metrics;
        this.changes = changes;
        this.leads = leads;
        this.notifications = notifications;
    }

    /**
     * The scheduler's commands for one tenant (a batch, or a single one when a batch failed), in the
     * consumer's transaction. A recycle applies only if the lead is still at the version the scheduler saw
     * and the named deadline passed by this service's clock (otherwise a follow-up or a release came first
     * and wins): all recycles in one conditional statement, their history rows, events and notices to the
     * reps who lost the leads in a few inserts. Reminders one by one (they are few; each reads its lead).
     */
    public Uni<Void> applyAll(String tenantId, List<EventEnvelope> commands) {
        Instant now = DbClock.now();
        List<LeadRepository.RecycleCommand> recycles = new ArrayList<>();
        List<ReminderDue> reminders = new ArrayList<>();
        for (EventEnvelope e : commands) {
            e.eventType().ifPresent(type -> {
                if (type == EventType.RECYCLE_DUE) {
                    RecycleDue r = EventCodec.payload(e, RecycleDue.class);
                    recycles.add(new LeadRepository.RecycleCommand(r.leadId(), r.version(),
                            NO_PROGRESS.equals(r.reason()), r.reason(), r.dueAt()));
                } else if (type == EventType.REMINDER_DUE) {
                    reminders.add(EventCodec.payload(e, ReminderDue.class));
                }
            });
        }
        Uni<Void> recycled = recycles.isEmpty() ? Uni.createFrom().voidItem()
                : leads.recycleAll(tenantId, recycles, now).chain(done -> recorded(tenantId, done, now));
        return recycled.chain(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ReminderDue r : reminders) {
                chain = chain.chain(() -> remind(tenantId, r).replaceWithVoid());
            }
            return chain;
        });
    }

    private Uni<Void> recorded(String tenantId, List<LeadRepository.Recycled> done, Instant now) {
        List<HistoryEntry> entries = new ArrayList<>();
        List<Outbox.Pending> events = new ArrayList<>();
        List<Notifications.Tell> notices = new ArrayList<>();
        for (LeadRepository.Recycled r : done) {
            HistoryEntry h = new HistoryEntry();
            h.id = Uuid7.next();
            h.tenantId = tenantId;
            h.leadId = r.id();
            h.action = HistoryEntry.Action.RECYCLED;
            h.actorId = SCHEDULER_ACTOR;
            h.fromOwner = r.previousOwnerId();
            h.reason = r.reason();
            h.poolId = r.poolId();
            h.version = r.version();
            h.at = now;
            entries.add(h);
            events.add(new Outbox.Pending(tenantId, r.id(), new OwnershipChanged(r.id(), r.poolId(), "RECYCLED",
                    r.previousOwnerId(), null, SCHEDULER_ACTOR, r.reason(), r.version(), LeadDeadlines.NONE, now)));
            notices.add(new Notifications.Tell(r.previousOwnerId(), r.id(), Kind.LEAD_RECYCLED, "v" + r.version(),
                    r.dueAt(), recycledMessage(NO_PROGRESS.equals(r.reason()), r.name(), r.company())));
        }
        return changes.recordAll(entries, events).chain(() -> notifications.tellAll(tenantId, notices, now))
                .invoke(() -> metrics.recycled(done.stream().map(LeadRepository.Recycled::reason).toList()))
                .replaceWithVoid();
    }

    static String recycledMessage(boolean progress, String name, String company) {
        return (progress ? "No stage advance" : "No follow-up") + " by the deadline: " + label(name, company)
                + " went back to the pool";
    }

    /** Reminds the owner of a near deadline, if the lead is still as the scheduler saw it. */
    public Uni<Boolean> remind(String tenantId, ReminderDue command) {
        Instant now = DbClock.now();
        return leads.findInTenant(tenantId, command.leadId()).chain(lead -> {
            if (lead == null || lead.version != command.version() || lead.state != LeadState.OWNED) {
                Log.debugf("stale ReminderDue for %s at version %d ignored", command.leadId(), command.version());
                return Uni.createFrom().item(false);
            }
            boolean progress = "PROGRESS".equals(command.deadline());
            return notifications.tell(tenantId, lead.ownerId, lead.id,
                    progress ? Kind.PROGRESS_DUE_SOON : Kind.FOLLOW_UP_DUE_SOON, "v" + lead.version,
                    command.deadlineAt(),
                    (progress ? "Advance the stage of " : "Follow up ") + label(lead.name, lead.company) + " by "
                            + command.deadlineAt() + " or it goes back to the pool", now);
        });
    }

    static String label(String name, String company) {
        if (name != null && company != null) {
            return name + " (" + company + ")";
        }
        return name != null ? name : company != null ? company : "a lead";
    }
}
