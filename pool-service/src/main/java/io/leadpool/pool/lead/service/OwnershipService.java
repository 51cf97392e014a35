package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.FollowUp;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A rep's hands on a lead: claim it, follow it up. Each operation is one transaction holding one
 * conditional write, one history row and one outbox event.
 */
@ApplicationScoped
public class OwnershipService {

    private final LeadRepository leads;
    private final HistoryRepository history;
    private final PoolRepository pools;
    private final RepRepository reps;
    private final LeadQueries queries;
    private final TenantTransactions tx;
    private final Outbox outbox;

    public OwnershipService(LeadRepository leads, HistoryRepository history, PoolRepository pools, RepRepository reps,
            LeadQueries queries, TenantTransactions tx, Outbox outbox) {
        this.leads = leads;
        this.history = history;
        this.pools = pools;
        this.reps = reps;
        this.queries = queries;
        this.tx = tx;
        this.outbox = outbox;
    }

    /**
     * Claims a lead of the caller's tenant. The loser of a race learns that it lost (409), even though
     * the lead now sits in someone else's book; who won is told only to those who may see it.
     */
    public Uni<LeadView> claim(Actor actor, UUID leadId) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> leads.findInTenant(actor.tenantId(), leadId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                .chain(lead -> pools.findInTenant(actor.tenantId(), lead.poolId).chain(pool -> {
                    Instant due = dueAt(pool, now);
                    return leads.claim(actor.tenantId(), lead.id, lead.poolId, actor.userId(), now, due)
                            .chain(updated -> leads.reload(lead).chain(fresh -> updated == 1
                                    ? claimed(actor, fresh, now)
                                    : Uni.createFrom().failure(alreadyClaimed(actor, fresh))));
                })));
    }

    public Uni<LeadView> followUp(Actor actor, UUID leadId, FollowUp.Type type, String note) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> queries.visible(actor, leadId))
                .chain(lead -> pools.findInTenant(actor.tenantId(), lead.poolId).chain(pool -> leads
                        .followUp(actor.tenantId(), lead.id, lead.poolId, actor.userId(), now, dueAt(pool, now))
                        .chain(updated -> updated == 0
                                ? Uni.createFrom().failure(notOwner(lead))
                                : leads.reload(lead).chain(fresh -> followedUp(actor, fresh, type, note, now))))));
    }

    private Uni<LeadView> claimed(Actor actor, Lead lead, Instant now) {
        return history.append(lead, HistoryEntry.Action.CLAIMED, actor.userId(), actor.username(), null,
                actor.userId(), null, now)
                .chain(() -> outbox.add(actor.tenantId(), lead.id, new OwnershipChanged(lead.id, lead.poolId,
                        "CLAIMED", null, actor.userId(), actor.userId(), null, lead.version, lead.followUpDueAt, now)))
                .chain(() -> queries.view(actor, lead));
    }

    private Uni<LeadView> followedUp(Actor actor, Lead lead, FollowUp.Type type, String note, Instant now) {
        FollowUp f = new FollowUp();
        f.id = Uuid7.next();
        f.tenantId = actor.tenantId();
        f.leadId = lead.id;
        f.repId = actor.userId();
        f.type = type;
        f.note = note;
        f.at = now;
        return f.<FollowUp>persist()
                .chain(() -> history.append(lead, HistoryEntry.Action.FOLLOWED_UP, actor.userId(), actor.username(),
                        null, null, type.name(), now))
                .chain(() -> outbox.add(actor.tenantId(), lead.id, new FollowUpLogged(lead.id, actor.userId(),
                        type.name(), lead.version, lead.followUpDueAt, now)))
                .chain(() -> queries.view(actor, lead));
    }

    private static Instant dueAt(Pool pool, Instant from) {
        return pool.rules.followUp().map(from::plus).orElse(null);
    }

    private static ProblemException alreadyClaimed(Actor actor, Lead lead) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("leadId", lead.id);
        ext.put("state", lead.state);
        if (lead.ownedSince != null) {
            ext.put("claimedAt", lead.ownedSince);
        }
        if (lead.ownerId != null && (actor.seesAllLeads() || lead.isOwnedBy(actor.userId()))) {
            ext.put("claimedBy", lead.ownerId);
        }
        return ProblemException.conflict("ALREADY_CLAIMED",
                lead.state == LeadState.IN_POOL ? "the lead moved to another pool" : "someone claimed this lead first",
                ext);
    }

    private static ProblemException notOwner(Lead lead) {
        return ProblemException.conflict("NOT_OWNER", "only the owner of a lead can follow it up",
                Map.of("leadId", lead.id, "state", lead.state));
    }
}
