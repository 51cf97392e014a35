package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadTouched;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.pool.service.PoolService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** New leads land in a pool; known ones brought in again are touched and their owner told. */
@ApplicationScoped
public class PoolEntryService {

    public static final String DEDUP_ACTOR = "system:dedup";

    private final LeadRepository leads;
    private final HistoryRepository history;
    private final PoolService pools;
    private final Outbox outbox;

    public PoolEntryService(LeadRepository leads, HistoryRepository history, PoolService pools, Outbox outbox) {
        this.leads = leads;
        this.history = history;
        this.pools = pools;
        this.outbox = outbox;
    }

    /** Runs inside the consumer's tenant transaction. */
    public Uni<Void> accept(String tenantId, LeadAccepted accepted) {
        Instant now = DbClock.now();
        return pools.route(tenantId, accepted.lead()).chain(pool -> {
            Lead lead = newLead(tenantId, accepted, pool.id, now);
            return leads.persist(lead)
                    .chain(() -> history.append(lead, HistoryEntry.Action.POOLED, DEDUP_ACTOR, null, null, null,
                            null, now))
                    .chain(() -> outbox.add(tenantId, lead.id, new LeadPooled(lead.id, lead.poolId, lead.version, now)));
        });
    }

    public Uni<Void> touch(String tenantId, LeadDuplicateDetected duplicate) {
        Instant now = DbClock.now();
        return leads.findInTenant(tenantId, duplicate.duplicateOf()).chain(lead -> {
            if (lead == null) {
                Log.warnf("duplicate of unknown lead %s in %s ignored", duplicate.duplicateOf(), tenantId);
                return Uni.createFrom().voidItem();
            }
            return history.append(lead, HistoryEntry.Action.TOUCHED, DEDUP_ACTOR, null, null, null,
                    "DUPLICATE:" + String.join(",", duplicate.matchedOn()), now)
                    .chain(() -> outbox.add(tenantId, lead.id, new LeadTouched(lead.id, duplicate.intakeId(),
                            lead.ownerId, duplicate.matchedOn(), now)));
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
