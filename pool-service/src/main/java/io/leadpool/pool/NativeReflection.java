package io.leadpool.pool;

import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRouting;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Hibernate stores as JSON columns ({@code @JdbcTypeCode(SqlTypes.JSON)}) are read and written by
 * Jackson reflectively, also where no REST signature names them: register them for native images.
 */
@RegisterForReflection(targets = { PoolRules.class, PoolRules.Distribution.class, PoolRules.HoldingLimits.class,
        PoolRules.ClaimQuota.class, PoolRules.LevelRules.class, PoolScope.class, PoolRouting.class,
        PoolRouting.Match.class, Pool.Administrators.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
