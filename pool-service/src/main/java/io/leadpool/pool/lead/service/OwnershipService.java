package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.FollowUp;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A rep's hands on a lead: claim it, follow it up. Each operation is one transaction holding one
 * conditional write, one history row and one outbox event.
 */
@ApplicationScoped
public class OwnershipService {

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final HistoryRepository history;
    private final PoolRepository pools;
    private final RepRepository reps;
    private final LeadQueries queries;
    private final TenantTransactions tx;

    public OwnershipService(LeadRepository leads, HistoryRepository history, PoolRepository pools, RepRepository reps,
            LeadQueries queries, TenantTransactions tx,
            LeadChangeLog changes) {
        this.changes = changes;
        this.leads = leads;
        this.history = history;
        this.pools = pools;
        this.reps = reps;
        this.queries = queries;
        this.tx = tx;
    }

    /**
     * Claims a lead of the caller's tenant. The rep's row is locked first, so the holding limit and the
     * claim quota are counted while no other claim of the same rep can commit; the lead itself changes
     * hands in one conditional update that also carries the cooldown and embargo rules. The loser of a
     * race learns that it lost (409), even though the lead now sits in someone else's book; who won is
     * told only to those who may see it.
     */
    public Uni<LeadView> claim(Actor actor, UUID leadId) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> reps.lock(actor.tenantId(), actor.userId()))
                .chain(me -> me.active() ? Uni.createFrom().item(me)
                        : Uni.createFrom().failure(ProblemException.conflict("REP_INACTIVE",
                                "inactive reps cannot claim leads", java.util.Map.of("repId", me.id()))))
                .chain(me -> leads.findInTenant(actor.tenantId(), leadId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                        .chain(lead -> pools.findInTenant(actor.tenantId(), lead.poolId)
                                .chain(pool -> inScope(actor, me, pool)
                                        .chain(() -> checkLimits(actor, me.tier(), pool, now))
                                        .chain(() -> takeOver(actor, lead, pool, now))))));
    }

    private static Uni<Void> inScope(Actor actor, Rep me, Pool pool) {
        return pool.scope.admits(actor, me.teams()) ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.conflict("NOT_IN_SCOPE",
                        "this pool's leads are for other reps", java.util.Map.of("poolId", pool.id)));
    }

    private Uni<Void> checkLimits(Actor actor, String tier, Pool pool, Instant now) {
        PoolRules rules = pool.rules;
        Uni<Void> holding = rules.holdingLimit(tier).isEmpty() ? Uni.createFrom().voidItem()
                : leads.countHeld(actor.tenantId(), actor.userId(), rules.countsLocked()).chain(held -> fail(ClaimRules.holding(rules, tier,
                        held)));
        return holding.chain(() -> rules.quota().isEmpty() ? Uni.createFrom().voidItem()
                : history.countClaims(actor.tenantId(), actor.userId(), pool.id, now.minus(rules.quotaWindow()))
                        .chain(claimed -> fail(ClaimRules.quota(rules, claimed))));
    }

    private Uni<LeadView> takeOver(Actor actor, Lead lead, Pool pool, Instant now) {
        PoolRules rules = pool.rules;
        return leads.claim(actor.tenantId(), lead.id, lead.poolId, actor.userId(), now, dueAt(pool, now),
                ClaimRules.cooldownStart(rules, now), ClaimRules.embargoStart(rules, now))
                .chain(updated -> leads.reload(lead).chain(fresh -> updated == 1
                        ? claimed(actor, fresh, now)
                        : Uni.createFrom().failure(ClaimRules.whyNot(fresh, actor.userId(),
                                actor.seesAllLeads() || fresh.isOwnedBy(actor.userId()), rules, now))));
    }

    /**
     * The owner gives a lead back, with a reason, to its pool or to another pool of the tenant. The
     * previous-owner cooldown starts now.
     */
    public Uni<LeadView> release(Actor actor, UUID leadId, String reason, UUID targetPoolId) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> (targetPoolId == null ? pools.findInTenant(actor.tenantId(), lead.poolId)
                        : pools.findInTenant(actor.tenantId(), targetPoolId))
                        .onItem().ifNull().failWith(() -> ProblemException.invalid("targetPoolId", "no such pool"))
                        .chain(target -> leads.release(actor.tenantId(), lead.id, actor.userId(), target.id, now)
                                .chain(updated -> updated == 0
                                        ? Uni.createFrom().failure(notOwner(lead, "release"))
                                        : leads.reload(lead).chain(fresh -> released(actor, fresh, reason, now))))));
    }

    private Uni<LeadView> released(Actor actor, Lead lead, String reason, Instant now) {
        return changes.record(actor, lead, HistoryEntry.Action.RELEASED, lead.previousOwnerId, null, reason,
                new OwnershipChanged(lead.id, lead.poolId, "RELEASED", lead.previousOwnerId, null, actor.userId(),
                        reason, lead.version, io.leadpool.events.LeadDeadlines.NONE, now), now);
    }

    static Uni<Void> fail(java.util.Optional<ProblemException> refusal) {
        return refusal.<Uni<Void>>map(e -> Uni.createFrom().failure(e)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    public Uni<LeadView> followUp(Actor actor, UUID leadId, FollowUp.Type type, String note) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> queries.visible(actor, leadId))
                .chain(lead -> pools.findInTenant(actor.tenantId(), lead.poolId).chain(pool -> leads
                        .followUp(actor.tenantId(), lead.id, lead.poolId, actor.userId(), lead.state, now,
                                lead.state == LeadState.LOCKED ? null : dueAt(pool, now))
                        .chain(updated -> updated == 0
                                ? Uni.createFrom().failure(notOwner(lead, "follow up"))
                                : leads.reload(lead).chain(fresh -> followedUp(actor, fresh, type, note, now))))));
    }

    private Uni<LeadView> claimed(Actor actor, Lead lead, Instant now) {
        return changes.record(actor, lead, HistoryEntry.Action.CLAIMED, null, actor.userId(), null,
                new OwnershipChanged(lead.id, lead.poolId, "CLAIMED", null, actor.userId(), actor.userId(), null,
                        lead.version, lead.deadlines(), now), now);
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
        return f.<FollowUp>persist().chain(() -> changes.record(actor, lead, HistoryEntry.Action.FOLLOWED_UP, null,
                null, type.name(), new FollowUpLogged(lead.id, actor.userId(), type.name(), lead.version,
                        lead.deadlines(), now), now));
    }

    static Instant dueAt(Pool pool, Instant from) {
        return pool.rules.followUp().map(from::plus).orElse(null);
    }

    private static ProblemException notOwner(Lead lead, String what) {
        return ProblemException.conflict("NOT_OWNER", "only the owner of a lead can " + what + " it",
                Map.of("leadId", lead.id, "state", lead.state));
    }
}
