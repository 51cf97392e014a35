package io.leadpool.pool.pool.service;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.pool.Pool;
import io.leadpool.events.LeadDetails;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.pool.PoolDefinition;
import io.leadpool.pool.pool.PoolRouting;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolScope;
import java.util.Comparator;
import java.util.Map;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.pool.rest.PoolView;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.pool.lead.service.Rescheduler;
import io.leadpool.pool.tenant.TenantSettingsRepository;
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
    static final String POOL_NAME_INDEX = "pool_name";

    private final PoolRepository pools;
    private final LeadRepository leads;
    private final TenantTransactions tx;
    private final String defaultFollowUpTimeout;
    private final TenantSettingsRepository settings;
    private final Rescheduler rescheduler;
    private final AuditLog audit;

    public PoolService(PoolRepository pools, LeadRepository leads, TenantTransactions tx,
            TenantSettingsRepository settings, Rescheduler rescheduler, AuditLog audit,
            @ConfigProperty(name = "leadpool.pool.default-follow-up-timeout") String defaultFollowUpTimeout) {
        this.audit = audit;
        this.settings = settings;
        this.rescheduler = rescheduler;
        this.pools = pools;
        this.leads = leads;
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
        return tx.inTenant(tenantId, () -> pools.findInTenant(tenantId, poolId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId));
    }

    /**
     * Replaces a pool's rules; the deadlines running on its owned leads move with them in the same
     * transaction.
     */
    public Uni<Pool> replaceRules(Actor actor, UUID poolId, PoolRules rules) {
        String tenantId = actor.tenantId();
        return tx.inTenant(tenantId, () -> settings.of(tenantId).chain(s -> {
            PoolRules valid = rules.validated(s.tierSet());
            return pools.findInTenant(tenantId, poolId)
                    .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId))
                    .chain(pool -> {
                        Instant now = DbClock.now();
                        var before = audit.snapshot(pool.rules);
                        pool.rules = valid;
                        pool.updatedAt = now;
                        return rescheduler.rulesChanged(actor, pool, s.zone(), now)
                                .chain(() -> audit.record(actor, "POOL_RULES_REPLACED", "pool", pool.id, before, valid))
                                .replaceWith(pool);
                    });
        }));
    }

    public Uni<Pool> create(Actor actor, PoolDefinition definition) {
        String tenantId = actor.tenantId();
        return tx.inTenant(tenantId, () -> settings.of(tenantId).map(s -> definition.validated(s.tierSet()))
                .chain(valid -> defaultPool(tenantId).replaceWith(valid)).chain(valid -> {
            Pool pool = new Pool();
            pool.id = Uuid7.next();
            pool.tenantId = tenantId;
            pool.isDefault = false;
            pool.rules = PoolRules.defaults(null);
            valid.applyTo(pool);
            pool.createdAt = DbClock.now();
            pool.updatedAt = pool.createdAt;
            return pools.persistAndFlush(pool)
                    .call(saved -> audit.record(actor, "POOL_CREATED", "pool", saved.id, null, PoolView.of(saved)));
            // A tenant's first use may race another (its first lead creating the default pool): try again.
        })).onFailure(e -> Failures.isUniqueViolation(e, DEFAULT_POOL_INDEX)).retry().atMost(2)
                .onFailure(e -> Failures.isUniqueViolation(e, POOL_NAME_INDEX))
                .transform(e -> nameTaken(definition.name()));
    }

    /** Replaces a pool's definition; when it carries rules, running deadlines move with them. */
    public Uni<Pool> update(Actor actor, UUID poolId, PoolDefinition definition) {
        String tenantId = actor.tenantId();
        return tx.inTenant(tenantId, () -> settings.of(tenantId).chain(s -> {
            PoolDefinition valid = definition.validated(s.tierSet());
            return pools.findInTenant(tenantId, poolId)
                    .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId))
                    .chain(pool -> {
                        Instant now = DbClock.now();
                        var before = audit.snapshot(PoolView.of(pool));
                        valid.applyTo(pool);
                        pool.updatedAt = now;
                        return pools.persistAndFlush(pool)
                                .chain(saved -> valid.rules() == null ? Uni.createFrom().item(saved)
                                        : rescheduler.rulesChanged(actor, saved, s.zone(), now).replaceWith(saved))
                                .call(saved -> audit.record(actor, "POOL_UPDATED", "pool", saved.id, before,
                                        PoolView.of(saved)));
                    });
        })).onFailure(e -> Failures.isUniqueViolation(e, POOL_NAME_INDEX))
                .transform(e -> nameTaken(definition.name()));
    }

    /** A pool goes only when it is empty and not the default (so a tenant always keeps one). */
    public Uni<Void> delete(Actor actor, UUID poolId) {
        String tenantId = actor.tenantId();
        return tx.inTenant(tenantId, () -> pools.findInTenant(tenantId, poolId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("pool " + poolId))
                .chain(pool -> {
                    if (pool.isDefault) {
                        return Uni.createFrom().failure(ProblemException.conflict("DEFAULT_POOL",
                                "the default pool cannot be deleted; every tenant keeps one", Map.of("poolId", poolId)));
                    }
                    return leads.count("tenantId = ?1 and poolId = ?2", tenantId, poolId).chain(n -> n > 0
                            ? Uni.createFrom().failure(ProblemException.conflict("POOL_NOT_EMPTY",
                                    "the pool still has " + n + " leads", Map.of("poolId", poolId, "leads", n)))
                            : audit.record(actor, "POOL_DELETED", "pool", pool.id, PoolView.of(pool), null)
                                    .chain(() -> pools.delete(pool)));
                }));
    }

    /** The pool a new lead lands in: the matching pool of highest priority, else the default pool. */
    /** Picks the pool of each new lead of a batch, with the tenant's pools read once. */
    public interface Router {
        /** The requested pool if it exists, else the matching pool of highest priority, else the default. */
        Pool route(LeadDetails lead, UUID requestedPool);
    }

    public Uni<Router> router(String tenantId) {
        return defaultPool(tenantId).chain(fallback -> pools.listInTenant(tenantId).map(all -> (lead, requested) -> {
            if (requested != null) {
                for (Pool p : all) {
                    if (p.id.equals(requested)) {
                        return p;
                    }
                }
            }
            return best(all, lead).orElse(fallback);
        }));
    }

    private static java.util.Optional<Pool> best(List<Pool> all, LeadDetails lead) {
        return all.stream()
                .filter(p -> !p.isDefault && p.routing != null && p.routing.matches(lead))
                .max(Comparator.comparingInt((Pool p) -> p.routing.priorityOrZero())
                        .thenComparing(p -> p.createdAt, Comparator.reverseOrder()));
    }

    private static ProblemException nameTaken(String name) {
        return ProblemException.conflict("POOL_NAME_TAKEN", "a pool named '" + name + "' exists already",
                Map.of("name", name));
    }

    private Uni<Pool> createDefault(String tenantId) {
        Pool pool = new Pool();
        pool.id = Uuid7.next();
        pool.tenantId = tenantId;
        pool.name = "Default pool";
        pool.description = "Every lead no routing rule claims lands here.";
        pool.isDefault = true;
        pool.rules = PoolRules.defaults(defaultFollowUpTimeout);
        pool.admins = new Pool.Administrators(List.of());
        pool.scope = PoolScope.everyone();
        pool.routing = PoolRouting.none();
        pool.createdAt = DbClock.now();
        pool.updatedAt = pool.createdAt;
        return pools.persistAndFlush(pool);
    }
}
