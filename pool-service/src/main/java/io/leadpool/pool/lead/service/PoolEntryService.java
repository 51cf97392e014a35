package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadTouched;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.notification.Notifications;
import io.leadpool.pool.notification.Notifications.Kind;
import io.leadpool.pool.pool.service.PoolService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** New leads land in a pool; known ones brought in again are touched and their owner told. */
@ApplicationScoped
public class PoolEntryService {

    public static final String DEDUP_ACTOR = "system:dedup";

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final PoolService pools;
    private final Notifications notifications;

    public PoolEntryService(LeadRepository leads, PoolService pools, LeadChangeLog changes,
            Notifications notifications) {
        this.notifications = notifications;
        this.changes = changes;
        this.leads = leads;
        this.pools = pools;
    }

    /** Runs inside the consumer's tenant transaction. */
    public Uni<Void> accept(String tenantId, LeadAccepted accepted) {
        Instant now = DbClock.now();
        return pools.route(tenantId, accepted.lead()).chain(pool -> {
            Lead lead = newLead(tenantId, accepted, pool.id, now);
            return leads.persist(lead).chain(() -> changes.record(tenantId, lead, HistoryEntry.Action.POOLED,
                    DEDUP_ACTOR, null, null, null, null, new LeadPooled(lead.id, lead.poolId, lead.version, now), now));
        });
    }

    public Uni<Void> touch(String tenantId, LeadDuplicateDetected duplicate) {
        Instant now = DbClock.now();
        return leads.findInTenant(tenantId, duplicate.duplicateOf()).chain(lead -> {
            if (lead == null) {
                Log.warnf("duplicate of unknown lead %s in %s ignored", duplicate.duplicateOf(), tenantId);
                return Uni.createFrom().voidItem();
            }
            Uni<Void> touched = changes.record(tenantId, lead, HistoryEntry.Action.TOUCHED, DEDUP_ACTOR, null, null,
                    null, "DUPLICATE:" + String.join(",", duplicate.matchedOn()),
                    new LeadTouched(lead.id, duplicate.intakeId(), lead.ownerId, duplicate.matchedOn(), now), now);
            return lead.ownerId == null ? touched
                    : touched.chain(() -> notifications.tell(tenantId, lead.ownerId, lead.id, Kind.LEAD_TOUCHED,
                            "intake:" + duplicate.intakeId(), null, "Someone brought in " + RecycleService.label(
                                    lead.name, lead.company) + " again (same " + String.join(" and ",
                                            duplicate.matchedOn()).toLowerCase(java.util.Locale.ROOT) + ")", now))
                            .replaceWithVoid();
        });
    }

    private static Lead newLead(String tenantId, LeadAccepted accepted, java.util.UUID poolId, Instant now) {
        LeadDetails d = accepted.lead();
        Lead lead = new Lead();
        lead.id = accepted.leadId();
        lead.tenantId = tenantId;
        lead.poolId = poolId;
        lead.state = LeadState.IN_POOL;
        lead.intakeId = accepted.intakeId();
        lead.name = d.name();
        lead.company = d.company();
        lead.phone = accepted.normalizedPhone() != null ? accepted.normalizedPhone() : d.phone();
        lead.email = accepted.normalizedEmail() != null ? accepted.normalizedEmail() : d.email();
        lead.region = d.region();
        lead.industry = d.industry();
        lead.product = d.product();
        lead.channel = d.source() == null ? null : d.source().channel();
        lead.campaign = d.source() == null ? null : d.source().campaign();
        lead.attributes = d.attributes();
        lead.version = 0;
        lead.pooledAt = now;
        lead.createdAt = now;
        lead.updatedAt = now;
        return lead;
    }
}
