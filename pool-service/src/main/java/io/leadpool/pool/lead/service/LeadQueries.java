package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadAccess;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.HistoryView;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.lead.rest.Page;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reading leads, each caller seeing only what they may. */
@ApplicationScoped
public class LeadQueries {

    private final LeadRepository leads;
    private final HistoryRepository history;
    private final PoolRepository pools;
    private final TenantTransactions tx;
    private final RepRepository reps;
    private final int defaultPageSize;
    private final int maxPageSize;

    public LeadQueries(LeadRepository leads, HistoryRepository history, PoolRepository pools, TenantTransactions tx,
            RepRepository reps, @ConfigProperty(name = "leadpool.pool.page-size.default") int defaultPageSize,
            @ConfigProperty(name = "leadpool.pool.page-size.max") int maxPageSize) {
        this.leads = leads;
        this.history = history;
        this.pools = pools;
        this.tx = tx;
        this.reps = reps;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    public Uni<LeadView> get(Actor actor, UUID leadId) {
        return tx.inTenant(actor.tenantId(), () -> visible(actor, leadId).chain(lead -> view(actor, lead)));
    }

    public Uni<List<HistoryView>> history(Actor actor, UUID leadId) {
        return tx.inTenant(actor.tenantId(), () -> visible(actor, leadId)
                .chain(lead -> history.of(actor.tenantId(), lead.id))
                .map(entries -> entries.stream().map(HistoryView::of).toList()));
    }

    /**
     * A page of a pool's leads. {@code sort} is {@code id} (arrival order, the default) or {@code score} (highest
     * first, unscored last); {@code after} is the {@code next} of the previous page in the same order.
     */
    public Uni<Page<LeadView>> pool(Actor actor, UUID poolId, LeadState state, String after, Integer limit,
            String sort) {
        LeadState wanted = state == null ? LeadState.IN_POOL : state;
        if (wanted != LeadState.IN_POOL && !actor.seesAllLeads()) {
            return Uni.createFrom().failure(new ProblemException(403, "FORBIDDEN", "Forbidden",
                    "only admins and managers list leads that are not in the pool", null));
        }
        int size = limit == null ? defaultPageSize : limit;
        List<ProblemException.FieldError> errors = new java.util.ArrayList<>();
        if (size < 1 || size > maxPageSize) {
            errors.add(new ProblemException.FieldError("limit", "between 1 and " + maxPageSize));
        }
        boolean byScore = "score".equals(sort);
        if (sort != null && !byScore && !"id".equals(sort)) {
            errors.add(new ProblemException.FieldError("sort", "id or score"));
        }
        LeadRepository.Cursor cursor = null;
        if (after != null) {
            cursor = LeadRepository.Cursor.parse(after, byScore);
            if (cursor == null) {
                errors.add(new ProblemException.FieldError("after", "the next of a previous page"));
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        LeadRepository.Cursor from = cursor;
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> pools.findInTenant(actor.tenantId(), poolId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId))
                .chain(pool -> admitted(actor, pool))
                .chain(pool -> (byScore ? leads.pageByScore(actor.tenantId(), poolId, wanted, from, size + 1)
                        : leads.page(actor.tenantId(), poolId, wanted, from == null ? null : from.id(), size + 1))
                        .map(found -> {
                            List<LeadView> items = found.stream().limit(size)
                                    .map(l -> LeadView.of(l, LeadAccess.showsContacts(actor, l, pool.rules), now))
                                    .toList();
                            String next = null;
                            if (found.size() > size) {
                                LeadView last = items.get(size - 1);
                                next = byScore ? LeadRepository.Cursor.of(last.score(), last.id())
                                        : last.id().toString();
                            }
                            return new Page<>(items, next);
                        })));
    }

    /** The caller's book. Also how a rep becomes known: the first look at one's own leads records the rep. */
    public Uni<List<LeadView>> mine(Actor actor) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> leads.ownedBy(actor.tenantId(), actor.userId())))
                .map(found -> found.stream().map(l -> LeadView.of(l, true, now)).toList());
    }

    /** The lead if the caller may see it; 404 otherwise, whether it belongs to another tenant or rep. */
    public Uni<Lead> visible(Actor actor, UUID leadId) {
        return leads.findInTenant(actor.tenantId(), leadId)
                .onItem().ifNotNull().transform(l -> LeadAccess.canSee(actor, l) ? l : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                .chain(lead -> actor.seesAllLeads() || lead.isOwnedBy(actor.userId()) ? Uni.createFrom().item(lead)
                        : pools.findInTenant(actor.tenantId(), lead.poolId).chain(pool -> admitted(actor, pool))
                                .replaceWith(lead)
                                .onFailure(ProblemException.class)
                                .transform(e -> ProblemException.notFound("lead " + leadId)));
    }

    /** The pool if its scope admits the caller; 404 otherwise (a pool out of scope does not exist for them). */
    Uni<Pool> admitted(Actor actor, Pool pool) {
        if (actor.has(Actor.LEAD_ADMIN)) {
            return Uni.createFrom().item(pool);
        }
        return reps.find(actor.tenantId(), actor.userId()).map(me -> me == null ? List.<String>of() : me.teams())
                .chain(teams -> pool.scope.admits(actor, teams) || actor.has(Actor.SALES_MANAGER)
                        ? Uni.createFrom().item(pool)
                        : Uni.createFrom().failure(ProblemException.notFound("pool " + pool.id)));
    }

    Uni<LeadView> view(Actor actor, Lead lead) {
        return pools.findInTenant(actor.tenantId(), lead.poolId)
                .map(pool -> LeadView.of(lead, LeadAccess.showsContacts(actor, lead, pool.rules), DbClock.now()));
    }
}
