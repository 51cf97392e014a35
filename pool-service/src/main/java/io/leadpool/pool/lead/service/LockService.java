package io.leadpool.pool.lead.service;

import io.leadpool.events.LeadLockChanged;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The owner locks a lead they are working on so it never flows back by itself, within the pool's lock
 * limit; unlocking starts a fresh follow-up deadline. The lock count is taken under the rep's row lock,
 * like every limit.
 */
@ApplicationScoped
public class LockService {

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final PoolContext context;
    private final RepRepository reps;
    private final LeadQueries queries;
    private final TenantTransactions tx;

    public LockService(LeadRepository leads, PoolContext context, RepRepository reps,
            LeadQueries queries, TenantTransactions tx,
            LeadChangeLog changes) {
        this.changes = changes;
        this.leads = leads;
        this.context = context;
        this.reps = reps;
        this.queries = queries;
        this.tx = tx;
    }

    public Uni<LeadView> lock(Actor actor, UUID leadId) {
        return change(actor, leadId, true);
    }

    public Uni<LeadView> unlock(Actor actor, UUID leadId) {
        return change(actor, leadId, false);
    }

    private Uni<LeadView> change(Actor actor, UUID leadId, boolean locking) {
        Instant now = DbClock.now();
        String tenant = actor.tenantId();
        LeadState from = locking ? LeadState.OWNED : LeadState.LOCKED;
        LeadState to = locking ? LeadState.LOCKED : LeadState.OWNED;
        return tx.inTenant(tenant, () -> reps.remember(actor)
                .chain(() -> reps.lock(tenant, actor.userId()))
                .chain(() -> queries.visible(actor, leadId))
                .chain(lead -> lead.state == to ? Uni.createFrom().<LeadView>failure(refusal(lead, locking))
                        : context.of(tenant, lead.poolId).chain(g -> withinLockLimit(actor, g.pool(), locking)
                        .chain(() -> leads.changeLock(tenant, lead.id, actor.userId(), from, to, now,
                                locking ? LeadClocks.Clocks.NONE : g.freshClocks(lead, now)))
                        .chain(updated -> updated == 0
                                ? Uni.createFrom().failure(refusal(lead, locking))
                                : leads.reload(lead).chain(fresh -> changed(actor, fresh, locking, now))))));
    }

    private Uni<Void> withinLockLimit(Actor actor, Pool pool, boolean locking) {
        if (!locking || pool.rules.locks().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int limit = pool.rules.locks().get();
        return leads.countLocked(actor.tenantId(), actor.userId()).chain(locked -> locked >= limit
                ? Uni.createFrom().failure(ProblemException.conflict("LOCK_LIMIT", "you keep " + locked
                        + " leads locked; the limit is " + limit, Map.of("limit", limit, "locked", locked)))
                : Uni.createFrom().voidItem());
    }

    private Uni<LeadView> changed(Actor actor, Lead lead, boolean locked, Instant now) {
        return changes.record(actor, lead, locked ? HistoryEntry.Action.LOCKED : HistoryEntry.Action.UNLOCKED, null,
                null, null, new LeadLockChanged(lead.id, lead.ownerId, locked, lead.version, lead.deadlines(), now),
                now);
    }

    private static ProblemException refusal(Lead lead, boolean locking) {
        if (lead.state == (locking ? LeadState.LOCKED : LeadState.OWNED)) {
            return ProblemException.conflict(locking ? "ALREADY_LOCKED" : "NOT_LOCKED",
                    locking ? "the lead is locked already" : "the lead is not locked", Map.of("leadId", lead.id));
        }
        return ProblemException.conflict("NOT_OWNER", "only the owner of a lead can lock or unlock it",
                Map.of("leadId", lead.id, "state", lead.state));
    }
}
