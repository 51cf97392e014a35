package io.leadpool.pool.distribution.service;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.distribution.DistributionConfig;
import io.leadpool.pool.distribution.repository.DistributionRepository;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.service.PoolContext;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.tenant.PoolTenants;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hands out the backlog of automatic pools: the leads waiting in them (recycled, released, past an embargo, or
 * left when every rep was at a limit), oldest in the pool first, at most {@code leadpool.distribution.backlog-batch}
 * per run. On the pool's schedule ({@code distributionOptions.backlogEvery}; one replica per run, by a conditional
 * write on the pool's rotation) or when an admin asks.
 */
@ApplicationScoped
public class BacklogRuns {

    /** What a run did, as the admin's request answers it and the audit log keeps it. */
    public record Run(UUID poolId, String mode, int considered, int handedOut, List<UUID> leadIds) {
    }

    private final TenantTransactions tx;
    private final PoolContext context;
    private final PoolRepository pools;
    private final LeadRepository leads;
    private final DistributionRepository rotations;
    private final DistributionService distribution;
    private final PoolTenants tenants;
    private final DistributionConfig config;
    private final AuditLog audit;

    public BacklogRuns(TenantTransactions tx, PoolContext context, PoolRepository pools, LeadRepository leads,
            DistributionRepository rotations, DistributionService distribution, PoolTenants tenants,
            DistributionConfig config, AuditLog audit) {
        this.tx = tx;
        this.context = context;
        this.pools = pools;
        this.leads = leads;
        this.rotations = rotations;
        this.distribution = distribution;
        this.tenants = tenants;
        this.config = config;
        this.audit = audit;
    }

    /** An admin hands a pool's backlog out now (audited as POOL_BACKLOG_DISTRIBUTED). */
    public Uni<Run> runNow(Actor actor, UUID poolId) {
        String tenant = actor.tenantId();
        Instant now = DbClock.now();
        return tx.inTenant(tenant, () -> context.of(tenant, poolId).chain(g -> {
            if (g.pool() == null) {
                return Uni.createFrom().failure(ProblemException.notFound("pool " + poolId));
            }
            if (!g.rules().mode().automatic()) {
                return Uni.createFrom().failure(ProblemException.conflict("NOT_AUTOMATIC",
                        "the pool's distribution is " + g.rules().mode() + "; only ROUND_ROBIN, WEIGHTED and"
                                + " SKILL_MATCH pools hand leads out", Map.of("poolId", poolId)));
            }
            return handOut(tenant, g, now).call(run -> audit.record(actor, "POOL_BACKLOG_DISTRIBUTED", "pool", poolId,
                    null, run));
        }));
    }

    @Scheduled(every = "${leadpool.distribution.backlog-check-every:1m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runDue(DbClock.now()).onFailure().invoke(e -> Log.warnf("backlog runs failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Every tenant's pools whose backlog run is due, each in its own transaction. */
    public Uni<Void> runDue(Instant now) {
        return tenants.all().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(tenant -> tx.inTenant(tenant, () -> pools.listInTenant(tenant))
                        .map(all -> all.stream().filter(p -> p.rules.mode().automatic()
                                && p.rules.options().backlogInterval().isPresent()).map(p -> p.id).toList())
                        .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                        .onItem().transformToUniAndConcatenate(poolId -> runIfDue(tenant, poolId, now)
                                .onFailure().invoke(e -> Log.warnf("backlog run of pool %s (%s) failed: %s", poolId,
                                        tenant, e.toString()))
                                .onFailure().recoverWithNull())
                        .collect().last())
                .collect().last().replaceWithVoid();
    }

    private Uni<Run> runIfDue(String tenant, UUID poolId, Instant now) {
        return tx.inTenant(tenant, () -> context.of(tenant, poolId).chain(g -> {
            Pool pool = g.pool();
            if (pool == null || !g.rules().mode().automatic() || g.rules().options().backlogInterval().isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            Instant due = g.rules().options().backlogInterval().get().before(now, g.zone());
            return rotations.claimBacklogRun(tenant, poolId, now, due)
                    .chain(claimed -> claimed ? handOut(tenant, g, now) : Uni.createFrom().nullItem());
        }));
    }

    private Uni<Run> handOut(String tenant, PoolContext.Governing g, Instant now) {
        Instant embargoStart = ClaimRules.embargoStart(g.rules(), g.zone(), now);
        return leads.backlog(tenant, g.pool().id, embargoStart, config.backlogBatch())
                .chain(waiting -> distribution.handOut(tenant, g, waiting, now))
                .map(o -> new Run(g.pool().id, g.rules().mode().name(), o.considered(), o.handedOut().size(),
                        o.handedOut().stream().map(l -> l.id).toList()));
    }
}
