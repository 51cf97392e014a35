package io.leadpool.pool.pool.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Pools of a tenant; the default pool exists from the tenant's first use on. */
@ApplicationScoped
public class PoolService {

    static final String DEFAULT_POOL_INDEX = "pool_one_default";

    private final PoolRepository pools;
    private final TenantTransactions tx;
    private final String defaultFollowUpTimeout;

    public PoolService(PoolRepository pools, TenantTransactions tx,
            @ConfigProperty(name = "leadpool.pool.default-follow-up-timeout") String defaultFollowUpTimeout) {
        this.pools = pools;
        this.tx = tx;
        this.defaultFollowUpTimeout = defaultFollowUpTimeout;
    }

    /** The tenant's default pool, created if missing. Runs in the caller's transaction. */
    public Uni<Pool> defaultPool(String tenantId) {
        return pools.findDefault(tenantId).chain(found -> found != null ? Uni.createFrom().item(found)
                : createDefault(tenantId));
    }

    public Uni<List<Pool>> list(String tenantId) {
        // Creating the default pool can race with another first use: the unique index lets one win.
        return tx.inTenant(tenantId, () -> defaultPool(tenantId).chain(() -> pools.listInTenant(tenantId)))
                .onFailure(e -> Failures.isUniqueViolation(e, DEFAULT_POOL_INDEX)).retry().atMost(2);
    }

    public Uni<Pool> get(String tenantId, UUID poolId) {
        return tx.read(tenantId, () -> pools.findInTenant(tenantId, poolId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId));
    }

    public Uni<Pool> replaceRules(String tenantId, UUID poolId, PoolRules rules) {
        PoolRules valid = rules.validated();
        return tx.inTenant(tenantId, () -> pools.findInTenant(tenantId, poolId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId))
                .invoke(pool -> {
                    pool.rules = valid;
                    pool.updatedAt = DbClock.now();
                }));
    }

    private Uni<Pool> createDefault(String tenantId) {
        Pool pool = new Pool();
        pool.id = Uuid7.next();
        pool.tenantId = tenantId;
        pool.name = "Default pool";
        pool.description = "Every lead no routing rule claims lands here.";
        pool.isDefault = true;
        pool.rules = PoolRules.defaults(defaultFollowUpTimeout);
        pool.createdAt = DbClock.now();
        pool.updatedAt = pool.createdAt;
        return pools.persistAndFlush(pool);
    }
}
