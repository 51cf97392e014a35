package io.leadpool.pool.lead.service;

import io.leadpool.events.OwnershipChanged;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Managers and admins hand leads out: {@code assign} a lead from the pool, {@code transfer} an owned
 * lead to another rep. The receiving rep's holding limit holds unless an admin forces it, which the
 * history records. A manager acts only on reps who share a team with them.
 */
@ApplicationScoped
public class AssignmentService {

    public static final String FORCED = "FORCED";

    /**
     * The audit log's snapshot of a lead handed over: where it is, in which state, whose; {@code forced}
     * (after only) when an admin overrode the receiver's holding limit.
     */
    public record HandOver(UUID poolId, LeadState state, String ownerId, long version, Boolean forced) {
    }

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final PoolContext context;
    private final RepRepository reps;
    private final TenantTransactions tx;
    private final AuditLog audit;

    public AssignmentService(LeadRepository leads, PoolContext context,
            RepRepository reps, TenantTransactions tx,
            LeadChangeLog changes, AuditLog audit) {
        this.audit = audit;
        this.changes = changes;
        this.leads = leads;
        this.context = context;
        this.reps = reps;
        this.tx = tx;
    }

    public Uni<LeadView> assign(Actor actor, UUID leadId, String repId, boolean force) {
        return handOver(actor, leadId, repId, force, LeadState.IN_POOL);
    }

    public Uni<LeadView> transfer(Actor actor, UUID leadId, String repId, boolean force) {
        return handOver(actor, leadId, repId, force, LeadState.OWNED);
    }

    private Uni<LeadView> handOver(Actor actor, UUID leadId, String repId, boolean force, LeadState from) {
        if (force && !actor.has(Actor.LEAD_ADMIN)) {
            return Uni.createFrom().failure(new ProblemException(403, "FORCE_NOT_ALLOWED", "Forbidden",
                    "only admins may assign over a holding limit", null));
        }
        Instant now = DbClock.now();
        String tenant = actor.tenantId();
        return tx.inTenant(tenant, () -> reps.remember(actor)
                .chain(() -> reps.lock(tenant, repId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("rep " + repId))
                .chain(target -> inTeam(actor, target).chain(() -> leads.findInTenant(tenant, leadId))
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                        .chain(lead -> context.of(tenant, lead.poolId).chain(g -> {
                            Pool pool = g.pool();
                            if (lead.state != from) {
                                return Uni.createFrom().failure(wrongState(lead, from));
                            }
                            if (!target.active()) {
                                return Uni.createFrom().failure(ProblemException.conflict("REP_INACTIVE",
                                        "the rep is inactive", Map.of("repId", repId)));
                            }
                            Uni<Void> limit = force ? Uni.createFrom().voidItem()
                                    : leads.countHeld(tenant, repId, pool.rules.countsLocked(), pool.rules.countsWon()).chain(held -> OwnershipService
                                            .fail(ClaimRules.holding(pool.rules, target.tier(), held)));
                            Uni<Void> ownerInTeam = from == LeadState.OWNED
                                    ? reps.find(tenant, lead.ownerId).chain(owner -> inTeam(actor, owner))
                                    : Uni.createFrom().voidItem();
                            return ownerInTeam.chain(() -> limit)
                                    .chain(() -> write(actor, lead, g, target, force, now));
                        }))));
    }

    private Uni<LeadView> write(Actor actor, Lead lead, PoolContext.Governing g, Rep target, boolean force,
            Instant now) {
        LeadClocks.Clocks due = g.freshClocks(lead, now);
        boolean transfer = lead.state == LeadState.OWNED;
        String fromOwner = lead.ownerId;
        Uni<Integer> update = transfer
                ? leads.transfer(actor.tenantId(), lead.id, lead.version, fromOwner, target.id(), now, due)
                : leads.assign(actor.tenantId(), lead.id, lead.poolId, target.id(), now, due);
        String action = transfer ? "TRANSFERRED" : "ASSIGNED";
        String reason = force ? FORCED : null;
        var before = audit.snapshot(new HandOver(lead.poolId, lead.state, lead.ownerId, lead.version, null));
        return update.chain(updated -> leads.reload(lead).chain(fresh -> {
            if (updated == 0) {
                return Uni.createFrom().failure(ClaimRules.whyNot(fresh, actor.userId(), true, g.rules(), g.zone(), now));
            }
            HandOver after = new HandOver(fresh.poolId, fresh.state, fresh.ownerId, fresh.version, force);
            return audit.record(actor, "LEAD_" + action, "lead", fresh.id, before, after)
                    .chain(() -> changes.record(actor, fresh, HistoryEntry.Action.valueOf(action), fromOwner,
                            target.id(), reason, new OwnershipChanged(fresh.id, fresh.poolId, action, fromOwner,
                                    target.id(), actor.userId(), reason, fresh.version, fresh.deadlines(), now,
                                    target.username()), now));
        }));
    }

    /** Admins act on every rep; a manager on reps who share one of their teams, and on themselves. */
    private Uni<Void> inTeam(Actor actor, Rep rep) {
        if (actor.has(Actor.LEAD_ADMIN) || rep == null || rep.id().equals(actor.userId())) {
            return Uni.createFrom().voidItem();
        }
        return reps.find(actor.tenantId(), actor.userId()).chain(me -> me.sharesTeamWith(rep)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new ProblemException(403, "NOT_YOUR_TEAM", "Forbidden",
                        "managers act only on the reps of their teams", Map.of("repId", rep.id()))));
    }

    private static ProblemException wrongState(Lead lead, LeadState expected) {
        return ProblemException.conflict(expected == LeadState.IN_POOL ? "ALREADY_CLAIMED" : "NOT_OWNED",
                expected == LeadState.IN_POOL ? "only a lead in the pool can be assigned; transfer an owned one"
                        : "only an owned lead can be transferred; assign one from the pool",
                Map.of("leadId", lead.id, "state", lead.state));
    }
}
