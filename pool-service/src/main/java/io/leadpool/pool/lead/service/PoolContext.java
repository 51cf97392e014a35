package io.leadpool.pool.lead.service;

import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.repository.ClaimStatements;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.tenant.TenantSettings;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** What governs a lead: its pool's rules and its tenant's time zone. */
@ApplicationScoped
public class PoolContext {

    /** Pools kept by {@link #current}; past this many the cache starts again empty. */
    static final int CACHED_POOLS = 10_000;

    private final PoolRepository pools;
    private final TenantSettingsRepository settings;
    private final TenantTransactions tx;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    public PoolContext(PoolRepository pools, TenantSettingsRepository settings, TenantTransactions tx) {
        this.pools = pools;
        this.settings = settings;
        this.tx = tx;
    }

    /** A pool with the tenant's settings. */
    public record Governing(Pool pool, TenantSettings settings) {

        public PoolRules rules() {
            return pool.rules;
        }

        public ZoneId zone() {
            return settings.zone();
        }

        /** Both clocks of {@code lead} if it were taken now by a new owner. */
        public LeadClocks.Clocks freshClocks(Lead lead, Instant now) {
            return LeadClocks.of(rules(), zone(), lead.level, lead.stage, now, now);
        }
    }

    private record Cached(String tenantId, long poolVersion, String timeZone, String tiersJson, Governing governing) {
    }

    /** Read in the caller's transaction. */
    public Uni<Governing> of(String tenantId, UUID poolId) {
        return pools.findInTenant(tenantId, poolId)
                .chain(pool -> settings.of(tenantId).map(s -> new Governing(pool, s)));
    }

    /**
     * What governs the lead a claim probed, outside any transaction: kept from an earlier claim while the pool's
     * version and the tenant's settings are those the probe saw (every change of a pool raises its version), read
     * in a transaction of its own otherwise.
     */
    public Uni<Governing> current(String tenantId, ClaimStatements.Probe probe) {
        UUID poolId = probe.lead().poolId;
        Cached kept = cache.get(poolId);
        if (kept != null && kept.tenantId().equals(tenantId) && probe.poolVersion() != null
                && kept.poolVersion() == probe.poolVersion() && Objects.equals(kept.timeZone(), probe.timeZone())
                && Objects.equals(kept.tiersJson(), probe.tiersJson())) {
            return Uni.createFrom().item(kept.governing());
        }
        return tx.inTenant(tenantId, () -> pools.findInTenant(tenantId, poolId)).map(pool -> {
            Governing g = new Governing(pool, settings.settings(probe.timeZone(), probe.tiersJson()));
            if (pool != null && probe.poolVersion() != null && pool.version == probe.poolVersion()) {
                if (cache.size() >= CACHED_POOLS) {
                    cache.clear();
                }
                cache.put(poolId, new Cached(tenantId, pool.version, probe.timeZone(), probe.tiersJson(), g));
            }
            return g;
        });
    }
}
