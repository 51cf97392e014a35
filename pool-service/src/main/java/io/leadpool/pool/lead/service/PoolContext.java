package io.leadpool.pool.lead.service;

import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.tenant.TenantSettings;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** What governs a lead: its pool's rules and its tenant's time zone. Read in the caller's transaction. */
@ApplicationScoped
public class PoolContext {

    private final PoolRepository pools;
    private final TenantSettingsRepository settings;

    public PoolContext(PoolRepository pools, TenantSettingsRepository settings) {
        this.pools = pools;
        this.settings = settings;
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

    public Uni<Governing> of(String tenantId, UUID poolId) {
        return pools.findInTenant(tenantId, poolId)
                .chain(pool -> settings.of(tenantId).map(s -> new Governing(pool, s)));
    }
}
