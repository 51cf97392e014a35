package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.ImportBatchPooled;
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
import io.leadpool.events.ConflictResolved;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.platform.outbox.ImportBatchedEvents;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.pool.lead.repository.HistoryRepository;
import java.time.Instant;
import io.leadpool.pool.distribution.service.DistributionService;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.scoring.LeadFeatures;
import io.leadpool.pool.scoring.NaiveBayes;
import io.leadpool.pool.scoring.repository.ScoreRepository;
import io.leadpool.pool.scoring.service.ScoreTrainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * New leads land in a pool (scored, and handed out at once by an automatic pool); known ones brought in again are
 * touched and their owner told.
 */
@ApplicationScoped
public class PoolEntryService {

    public static final String DEDUP_ACTOR = "system:dedup";

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final PoolService pools;
    private final Notifications notifications;
    private final ScoreRepository scores;
    private final PoolContext context;
    private final DistributionService distribution;

    public PoolEntryService(LeadRepository leads, PoolService pools, LeadChangeLog changes,
            Notifications notifications, ScoreRepository scores, PoolContext context,
            DistributionService distribution) {
        this.notifications = notifications;
        this.scores = scores;
        this.context = context;
        this.distribution = distribution;
        this.changes = changes;
        this.leads = leads;
        this.pools = pools;
    }

    /**
     * New leads enter their pools: the one an import asked for if it exists, else by routing. Each is scored by the
     * tenant's model (if it has one); those landing in a pool with an automatic mode are handed out at once
     * ({@link DistributionService}), in this same transaction. Runs inside the consumer's tenant transaction; a
     * batch costs a few statements (one insert per table) plus one conditional write per lead handed out. A lead that
     * came alone is announced by a {@code LeadPooled}; those from rows of an import by one {@code ImportBatchPooled}
     * per import in the batch, not an outbox row and a Kafka record each.
     */
    public Uni<Void> acceptAll(String tenantId, List<LeadAccepted> accepted) {
        Instant now = DbClock.now();
        return pools.router(tenantId).chain(router -> scores.model(tenantId).chain(model -> {
            List<Lead> created = new ArrayList<>(accepted.size());
            List<HistoryEntry> entries = new ArrayList<>(accepted.size());
            ImportBatchedEvents<LeadPooled, ImportBatchPooled> events = new ImportBatchedEvents<>(tenantId,
                    ImportBatchPooled::of);
            Map<UUID, List<Lead>> automatic = new LinkedHashMap<>();
            for (LeadAccepted a : accepted) {
                UUID requested = a.importRow() == null ? null : a.importRow().poolId();
                Pool pool = router.route(a.lead(), requested);
                Lead lead = newLead(tenantId, a, pool.id, now);
                model.ifPresent(m -> score(m, lead, now));
                created.add(lead);
                if (pool.rules.mode().automatic()) {
                    automatic.computeIfAbsent(pool.id, k -> new ArrayList<>()).add(lead);
                }
                entries.add(HistoryRepository.entry(lead, HistoryEntry.Action.POOLED, DEDUP_ACTOR, null, null, null,
                        a.conflictId() == null ? null : "CONFLICT:" + a.conflictId(), now));
                events.add(a.importRow(), lead.id, new LeadPooled(lead.id, lead.poolId, lead.version, now));
            }
            Uni<Void> pooled = leads.insertNew(created).chain(() -> changes.recordAll(entries, events.pending()));
            if (automatic.isEmpty()) {
                return pooled;
            }
            List<DistributionService.Share> shares = new ArrayList<>();
            for (Map.Entry<UUID, List<Lead>> byPool : automatic.entrySet()) {
                pooled = pooled.chain(() -> context.of(tenantId, byPool.getKey())
                        .invoke(g -> shares.add(new DistributionService.Share(g, byPool.getValue()))))
                        .replaceWithVoid();
            }
            return pooled.chain(() -> distribution.handOutAll(tenantId, shares, now)).replaceWithVoid();
        }));
    }

    /** The tenant's model scores a new lead from what is known of it on arrival. */
    static void score(NaiveBayes model, Lead lead, Instant now) {
        double p = ScoreTrainer.round(model.probability(LeadFeatures.of(lead.channel, lead.campaign, lead.industry,
                lead.region, LeadFeatures.sizeOf(lead.attributes), null, null, now)));
        lead.score = p;
        lead.scoreBand = model.band(p);
    }

    /**
     * An arbiter decided a company conflict: a merged or discarded lead leaves the pool and its owner's
     * book for good (its history stays); the surviving lead is touched and its owner told. Keeping both
     * changes nothing here.
     */
    public Uni<Void> resolve(String tenantId, ConflictResolved resolved) {
        if (resolved.action() == ConflictResolved.Action.KEEP_BOTH) {
            return Uni.createFrom().voidItem();
        }
        boolean merge = resolved.action() == ConflictResolved.Action.MERGE_INTO_EXISTING;
        Instant now = DbClock.now();
        return leads.findInTenant(tenantId, resolved.leadId()).chain(found -> found == null ? Uni.createFrom().voidItem()
                : leads.end(tenantId, found.id, merge ? LeadState.MERGED : LeadState.DISCARDED, now).chain(n -> n == 0
                        ? Uni.createFrom().voidItem() : leads.reload(found).chain(lead -> ended(tenantId, resolved, lead, now))));
    }

    private Uni<Void> ended(String tenantId, ConflictResolved resolved, Lead lead, Instant now) {
        boolean merge = lead.state == LeadState.MERGED;
        String owner = lead.previousOwnerId;
        String reason = "CONFLICT:" + resolved.conflictId();
        Uni<Void> ended = changes.record(tenantId, lead, merge ? HistoryEntry.Action.MERGED
                : HistoryEntry.Action.DISCARDED, resolved.resolvedBy(), null, owner, null, reason,
                new OwnershipChanged(lead.id, lead.poolId, lead.state.name(), owner, null, resolved.resolvedBy(), reason,
                        lead.version, LeadDeadlines.NONE, now), now);
        return merge ? ended.chain(() -> touchSurvivor(tenantId, resolved, lead, now)) : ended;
    }

    private Uni<Void> touchSurvivor(String tenantId, ConflictResolved resolved, Lead merged, Instant now) {
        return leads.findInTenant(tenantId, resolved.existingLeadId()).chain(survivor -> {
            if (survivor == null) {
                return Uni.createFrom().voidItem();
            }
            List<String> on = List.of("COMPANY");
            Uni<Void> touched = changes.record(tenantId, survivor, HistoryEntry.Action.TOUCHED, resolved.resolvedBy(),
                    null, null, null, "MERGED:" + merged.id,
                    new LeadTouched(survivor.id, merged.intakeId, survivor.ownerId, on, now), now);
            return survivor.ownerId == null ? touched
                    : touched.chain(() -> notifications.tell(tenantId, survivor.ownerId, survivor.id, Kind.LEAD_TOUCHED,
                            "merge:" + merged.id, null, RecycleService.label(merged.name, merged.company)
                                    + " was merged into " + RecycleService.label(survivor.name, survivor.company), now))
                            .replaceWithVoid();
        });
    }

    /**
     * Known leads brought in again (an import's batch brings hundreds): each gets a {@code TOUCHED} history row and a
     * {@code LeadTouched} event, and its owner a notice, in one read of the leads and one insert per table however many
     * they are. Not a read and three writes each through the session: its every query checked every lead the batch had
     * loaded before it, so a batch cost the square of its duplicates.
     */
    public Uni<Void> touchAll(String tenantId, List<LeadDuplicateDetected> duplicates) {
        if (duplicates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = DbClock.now();
        List<UUID> ids = duplicates.stream().map(LeadDuplicateDetected::duplicateOf).distinct().toList();
        return leads.findAllInTenant(tenantId, ids).chain(found -> {
            Map<UUID, Lead> byId = new HashMap<>();
            found.forEach(l -> byId.put(l.id, l));
            List<HistoryEntry> entries = new ArrayList<>();
            List<Outbox.Pending> events = new ArrayList<>();
            List<Notifications.Tell> notices = new ArrayList<>();
            for (LeadDuplicateDetected duplicate : duplicates) {
                Lead lead = byId.get(duplicate.duplicateOf());
                if (lead == null) {
                    Log.warnf("duplicate of unknown lead %s in %s ignored", duplicate.duplicateOf(), tenantId);
                    continue;
                }
                entries.add(HistoryRepository.entry(lead, HistoryEntry.Action.TOUCHED, DEDUP_ACTOR, null, null, null,
                        "DUPLICATE:" + String.join(",", duplicate.matchedOn()), now));
                events.add(new Outbox.Pending(tenantId, lead.id, new LeadTouched(lead.id, duplicate.intakeId(),
                        lead.ownerId, duplicate.matchedOn(), now)));
                if (lead.ownerId != null) {
                    String same = String.join(" and ", duplicate.matchedOn()).toLowerCase(java.util.Locale.ROOT);
                    notices.add(new Notifications.Tell(lead.ownerId, lead.id, Kind.LEAD_TOUCHED,
                            "intake:" + duplicate.intakeId(), null, "Someone brought in "
                                    + RecycleService.label(lead.name, lead.company) + " again (same " + same + ")"));
                }
            }
            return changes.recordAll(entries, events)
                    .chain(() -> notifications.tellAll(tenantId, notices, now)).replaceWithVoid();
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
        lead.version = 0; // what LeadPooled says, and the version dedup stores the new profile at
        lead.pooledAt = now;
        lead.createdAt = now;
        lead.updatedAt = now;
        return lead;
    }
}
