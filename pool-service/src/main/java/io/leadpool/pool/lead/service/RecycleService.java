package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Puts neglected leads back in their pool when the scheduler says their deadline passed. */
@ApplicationScoped
public class RecycleService {

    public static final String SCHEDULER_ACTOR = "system:scheduler";

    private final LeadChangeLog changes;
    private final LeadRepository leads;

    public RecycleService(LeadRepository leads,
            LeadChangeLog changes) {
        this.changes = changes;
        this.leads = leads;
    }

    /**
     * Applies the command only if the lead is still at the version the scheduler saw and overdue by this
     * service's clock; otherwise something happened in between (a follow-up, a release) and it wins.
     * Runs inside the consumer's tenant transaction.
     */
    public Uni<Boolean> apply(String tenantId, RecycleDue command) {
        Instant now = DbClock.now();
        return leads.recycle(tenantId, command.leadId(), command.version(), now).chain(updated -> {
            if (updated == 0) {
                Log.debugf("stale RecycleDue for %s at version %d ignored", command.leadId(), command.version());
                return Uni.createFrom().item(false);
            }
            return leads.findInTenant(tenantId, command.leadId()).chain(lead -> changes.record(tenantId, lead,
                    HistoryEntry.Action.RECYCLED, SCHEDULER_ACTOR, null, lead.previousOwnerId, null, command.reason(),
                    new OwnershipChanged(lead.id, lead.poolId, "RECYCLED", lead.previousOwnerId, null, SCHEDULER_ACTOR,
                            command.reason(), lead.version, io.leadpool.events.LeadDeadlines.NONE, now), now)
                    .replaceWith(true));
        });
    }
}
