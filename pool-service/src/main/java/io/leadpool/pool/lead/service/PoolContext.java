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
    /** Reps whose last pool is kept for {@link #expected}; past this many the cache starts again empty. */
    static final int CACHED_REPS = 100_000;

    private final PoolRepository pools;
    private final TenantSettingsRepository settings;
    private final TenantTransactions tx;
    private final Map<UUID, Known> known = new ConcurrentHashMap<>();
    private final Map<RepKey, UUID> lastPools = new ConcurrentHashMap<>();

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

    /**
     * A pool's rules as a claim found them, with the pool's version and the tenant's settings they were read at: they
     * hold while those stay as they are (every change of a pool raises its version).
     */
    public record Known(String tenantId, UUID poolId, long poolVersion, String timeZone, String tiersJson,
            Governing governing) {
    }

    private record RepKey(String tenantId, String repId) {
    }

    /** Read in the caller's transaction. */
    public Uni<Governing> of(String tenantId, UUID poolId) {
        return pools.findInTenant(tenantId, poolId)
                .chain(pool -> settings.of(tenantId).map(s -> new Governing(pool, s)));
    }

    /**
     * What governs the lead a claim of {@code repId} probed, outside any transaction: kept from an earlier claim
     * while the pool's version and the tenant's settings are those the probe saw, read in a transaction of its own
     * otherwise. The pool is remembered as the rep's, for {@link #expected}.
     */
    public Uni<Governing> current(String tenantId, String repId, ClaimStatements.Probe probe) {
        UUID poolId = probe.lead().poolId;
        remember(lastPools, new RepKey(tenantId, repId), poolId, CACHED_REPS);
        Known kept = known.get(poolId);
        if (kept != null && kept.tenantId().equals(tenantId) && probe.poolVersion() != null
                && kept.poolVersion() == probe.poolVersion() && Objects.equals(kept.timeZone(), probe.timeZone())
                && Objects.equals(kept.tiersJson(), probe.tiersJson())) {
            return Uni.createFrom().item(kept.governing());
        }
        return tx.inTenant(tenantId, () -> pools.findInTenant(tenantId, poolId)).map(pool -> {
            Governing g = new Governing(pool, settings.settings(probe.timeZone(), probe.tiersJson()));
            if (pool != null && probe.poolVersion() != null && pool.version == probe.poolVersion()) {
                remember(known, poolId, new Known(tenantId, poolId, pool.version, probe.timeZone(),
                        probe.tiersJson(), g), CACHED_POOLS);
            }
            return g;
        });
    }

    /**
     * The pool {@code repId} claimed from last on this replica, as it was known then; null when there is none. A
     * claim may expect its lead there, with that pool's rules ({@code claim_lead} checks it did).
     */
    public Known expected(String tenantId, String repId) {
        UUID poolId = lastPools.get(new RepKey(tenantId, repId));
        Known kept = poolId == null ? null : known.get(poolId);
        return kept != null && kept.tenantId().equals(tenantId) ? kept : null;
    }

    private static <K, V> void remember(Map<K, V> cache, K key, V value, int max) {
        if (cache.size() >= max && !cache.containsKey(key)) {
            cache.clear();
        }
        cache.put(key, value);
    }
}
