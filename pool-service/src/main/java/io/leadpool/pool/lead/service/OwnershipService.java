package io.leadpool.pool.lead.service;

import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.StageChanged;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.FollowUp;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Stage;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.lead.service.PoolContext.Governing;
import io.leadpool.pool.metrics.PoolMetrics;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A rep's hands on a lead: claim it, follow it up, move its stage, give it back. Each operation is one
 * transaction holding one conditional write, one history row and one outbox event.
 */
@ApplicationScoped
public class OwnershipService {

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final HistoryRepository history;
    private final PoolContext context;
    private final RepRepository reps;
    private final LeadQueries queries;
    private final TenantTransactions tx;

    private final PoolMetrics metrics;

    public OwnershipService(LeadRepository leads, HistoryRepository history, PoolContext context, RepRepository reps,
            LeadQueries queries, TenantTransactions tx, LeadChangeLog changes, PoolMetrics metrics) {
        this.metrics = metrics;
        this.changes = changes;
        this.leads = leads;
        this.history = history;
        this.context = context;
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
        return metrics.claim(tx.inTenant(actor.tenantId(), () -> leads.findInTenant(actor.tenantId(), leadId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                .chain(seen -> seen.state != LeadState.IN_POOL
                        // Taken already (the hot lead's 199 losers): nothing this claim could change, so no
                        // rep row, lock, rules or update — the answer as of this read.
                        ? Uni.createFrom().failure(ClaimRules.taken(seen,
                                actor.seesAllLeads() || seen.isOwnedBy(actor.userId())))
                        : reps.remember(actor)
                                .chain(() -> reps.lock(actor.tenantId(), actor.userId()))
                                .chain(me -> me.active() ? Uni.createFrom().item(me)
                                        : Uni.createFrom().failure(ProblemException.conflict("REP_INACTIVE",
                                                "inactive reps cannot claim leads", Map.of("repId", me.id()))))
                                .chain(me -> context.of(actor.tenantId(), seen.poolId)
                                        .chain(g -> inScope(actor, me, g)
                                                .chain(() -> checkLimits(actor, me.tier(), g, now))
                                                .chain(() -> takeOver(actor, seen, g, now)))))));
    }

    private static Uni<Void> inScope(Actor actor, Rep me, Governing g) {
        if (!g.pool().scope.admits(actor, me.teams())) {
            return Uni.createFrom().failure(ProblemException.conflict("NOT_IN_SCOPE",
                    "this pool's leads are for other reps", Map.of("poolId", g.pool().id)));
        }
        return g.rules().adminOnly()
                ? Uni.createFrom().failure(ProblemException.conflict("ADMIN_ONLY",
                        "this pool's leads are handed out by its admins, not claimed", Map.of("poolId", g.pool().id)))
                : Uni.createFrom().voidItem();
    }

    private Uni<Void> checkLimits(Actor actor, String tier, Governing g, Instant now) {
        PoolRules rules = g.rules();
        Uni<Void> holding = rules.holdingLimit(tier).isEmpty() ? Uni.createFrom().voidItem()
                : leads.countHeld(actor.tenantId(), actor.userId(), rules.countsLocked(), rules.countsWon())
                        .chain(held -> fail(ClaimRules.holding(rules, tier, held)));
        return holding.chain(() -> rules.quota().isEmpty() ? Uni.createFrom().voidItem()
                : history.takenFromPool(actor.tenantId(), g.pool().id, java.util.List.of(actor.userId()),
                        rules.quotaWindow().before(now, g.zone()))
                        .chain(taken -> fail(ClaimRules.quota(rules, taken.getOrDefault(actor.userId(), 0L)))));
    }

    private Uni<LeadView> takeOver(Actor actor, Lead lead, Governing g, Instant now) {
        PoolRules rules = g.rules();
        return leads.claim(actor.tenantId(), lead.id, lead.poolId, actor.userId(), now, g.freshClocks(lead, now),
                ClaimRules.cooldownStart(rules, g.zone(), now), ClaimRules.embargoStart(rules, g.zone(), now))
                .chain(updated -> leads.reload(lead).chain(fresh -> updated == 1
                        ? claimed(actor, fresh, now)
                        : Uni.createFrom().failure(ClaimRules.whyNot(fresh, actor.userId(),
                                actor.seesAllLeads() || fresh.isOwnedBy(actor.userId()), rules, g.zone(), now))));
    }

    private Uni<LeadView> claimed(Actor actor, Lead lead, Instant now) {
        return changes.record(actor, lead, HistoryEntry.Action.CLAIMED, null, actor.userId(), null,
                new OwnershipChanged(lead.id, lead.poolId, "CLAIMED", null, actor.userId(), actor.userId(), null,
                        lead.version, lead.deadlines(), now, actor.username()), now);
    }

    /**
     * The owner gives a lead back, with a reason, to its pool or to another pool of the tenant. The
     * previous-owner cooldown starts now.
     */
    public Uni<LeadView> release(Actor actor, UUID leadId, String reason, UUID targetPoolId) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> context.of(actor.tenantId(), targetPoolId == null ? lead.poolId : targetPoolId)
                        .chain(target -> target.pool() == null
                                ? Uni.createFrom().failure(ProblemException.invalid("targetPoolId", "no such pool"))
                                : leads.release(actor.tenantId(), lead.id, actor.userId(), target.pool().id, now)
                                        .chain(updated -> updated == 0
                                                ? Uni.createFrom().failure(notOwner(lead, "release"))
                                                : leads.reload(lead).chain(fresh -> released(actor, fresh, reason, now))))));
    }

    private Uni<LeadView> released(Actor actor, Lead lead, String reason, Instant now) {
        return changes.record(actor, lead, HistoryEntry.Action.RELEASED, lead.previousOwnerId, null, reason,
                new OwnershipChanged(lead.id, lead.poolId, "RELEASED", lead.previousOwnerId, null, actor.userId(),
                        reason, lead.version, LeadDeadlines.NONE, now), now);
    }

    /** The owner followed up: the follow-up clock starts again (a locked lead keeps having none). */
    public Uni<LeadView> followUp(Actor actor, UUID leadId, FollowUp.Type type, String note) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> queries.visible(actor, leadId))
                .chain(lead -> ownerOnly(actor, lead, "follow up"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    LeadClocks.Clocks clocks = lead.state == LeadState.LOCKED ? LeadClocks.Clocks.NONE
                            : LeadClocks.of(g.rules(), g.zone(), lead.level, lead.stage, now, LeadClocks.progressFrom(lead));
                    return leads.followUp(actor.tenantId(), lead.id, lead.version, actor.userId(), now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> followedUp(actor, fresh, type, note, now)));
                })));
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

    /**
     * The owner moves the lead to another stage. An advance restarts the progress clock; an exempt stage
     * (WON by default) stops both clocks; moving back keeps the progress clock where it was.
     */
    public Uni<LeadView> changeStage(Actor actor, UUID leadId, Stage to) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> ownerOnly(actor, lead, "move the stage of"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    Stage from = lead.stage;
                    boolean advanced = to.isAdvanceFrom(from);
                    Instant progressSince = advanced ? now : LeadClocks.progressFrom(lead);
                    LeadClocks.Clocks clocks = lead.state == LeadState.LOCKED ? LeadClocks.Clocks.NONE
                            : LeadClocks.of(g.rules(), g.zone(), lead.level, to, LeadClocks.followUpFrom(lead), progressSince);
                    return leads.changeStage(actor.tenantId(), lead.id, lead.version, actor.userId(), to,
                            progressSince, now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> changes.record(actor, fresh,
                                            HistoryEntry.Action.STAGE_CHANGED, null, null, from + " -> " + to,
                                            new StageChanged(fresh.id, fresh.ownerId, from.name(), to.name(),
                                                    advanced, fresh.version, fresh.deadlines(), now), now)));
                })));
    }

    /**
     * Sets the customer level of a lead (owner, managers, admins). An owned lead's clocks follow the new
     * level's override at once, from the same starting points.
     */
    public Uni<LeadView> changeLevel(Actor actor, UUID leadId, String level) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> actor.seesAllLeads() ? Uni.createFrom().item(lead) : ownerOnly(actor, lead, "grade"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    String before = lead.level;
                    lead.level = level;
                    LeadClocks.Clocks clocks = LeadClocks.of(g.rules(), g.zone(), lead);
                    lead.level = before;
                    return leads.reschedule(actor.tenantId(), lead.id, lead.version, level, now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> changes.record(actor, fresh,
                                            HistoryEntry.Action.LEVEL_CHANGED, null, null,
                                            (before == null ? "-" : before) + " -> " + (level == null ? "-" : level),
                                            new LeadRescheduled(fresh.id, fresh.poolId, fresh.ownerId, "LEVEL_CHANGED",
                                                    fresh.version, fresh.deadlines(), now), now)));
                })));
    }

    static Uni<Void> fail(Optional<ProblemException> refusal) {
        return refusal.<Uni<Void>>map(e -> Uni.createFrom().failure(e)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static Uni<Lead> ownerOnly(Actor actor, Lead lead, String what) {
        return lead.isOwnedBy(actor.userId()) ? Uni.createFrom().item(lead)
                : Uni.createFrom().failure(notOwner(lead, what));
    }

    private static ProblemException notOwner(Lead lead, String what) {
        return ProblemException.conflict("NOT_OWNER", "only the owner of a lead can " + what + " it",
                Map.of("leadId", lead.id, "state", lead.state));
    }

    private static ProblemException changedMeanwhile(Lead lead) {
        return ProblemException.conflict("CONCURRENT_CHANGE",
                "the lead changed while this request ran (it may have been recycled); read it again",
                Map.of("leadId", lead.id));
    }
}
