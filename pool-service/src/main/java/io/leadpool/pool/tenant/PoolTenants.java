package io.leadpool.pool.tenant;

import io.leadpool.platform.tx.SystemTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The tenants this service holds pools for, for cross-tenant background jobs (backlog runs, retraining): read as
 * the system role, which may see each default pool's tenant and nothing else (migration V10). Each tenant's work
 * then runs in that tenant's own transaction.
 */
@ApplicationScoped
public class PoolTenants {

    private final SystemTransactions system;

    public PoolTenants(SystemTransactions system) {
        this.system = system;
    }

    public Uni<List<String>> all() {
        return system.asSystem(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select tenant_id from pool where is_default order by tenant_id", String.class).getResultList()));
    }
}
