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
import java.time.Instant;

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

    public RecycleService(LeadRepository leads, LeadChangeLog changes, Notifications notifications) {
        this.changes = changes;
        this.leads = leads;
        this.notifications = notifications;
    }

    /**
     * Applies the command only if the lead is still at the version the scheduler saw and overdue by this
     * service's clock; otherwise something happened in between (a follow-up, a release) and it wins. The
     * rep who lost the lead is told. Runs inside the consumer's tenant transaction.
     */
    public Uni<Boolean> apply(String tenantId, RecycleDue command) {
        Instant now = DbClock.now();
        boolean progress = NO_PROGRESS.equals(command.reason());
        return leads.recycle(tenantId, command.leadId(), command.version(), progress, now).chain(updated -> {
            if (updated == 0) {
                Log.debugf("stale RecycleDue for %s at version %d ignored", command.leadId(), command.version());
                return Uni.createFrom().item(false);
            }
            return leads.findInTenant(tenantId, command.leadId()).chain(lead -> changes.record(tenantId, lead,
                    HistoryEntry.Action.RECYCLED, SCHEDULER_ACTOR, null, lead.previousOwnerId, null, command.reason(),
                    new OwnershipChanged(lead.id, lead.poolId, "RECYCLED", lead.previousOwnerId, null, SCHEDULER_ACTOR,
                            command.reason(), lead.version, LeadDeadlines.NONE, now), now)
                    .chain(() -> notifications.tell(tenantId, lead.previousOwnerId, lead.id, Kind.LEAD_RECYCLED,
                            "v" + lead.version, command.dueAt(), (progress ? "No stage advance" : "No follow-up")
                                    + " by the deadline: " + label(lead.name, lead.company) + " went back to the pool",
                            now))
                    .replaceWith(true));
        });
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
