package io.leadpool.pool.pool.repository;

import io.leadpool.pool.pool.Pool;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PoolRepository implements PanacheRepositoryBase<Pool, UUID> {

    /**
     * The pool if it belongs to the tenant. Looked up by id, so a pool already read in this transaction
     * comes from the session without another round trip; the tenant is checked on the instance.
     */
    public Uni<Pool> findInTenant(String tenantId, UUID id) {
        return id == null ? Uni.createFrom().nullItem()
                : findById(id).map(p -> p != null && tenantId.equals(p.tenantId) ? p : null);
    }

    public Uni<Pool> findDefault(String tenantId) {
        return find("tenantId = ?1 and isDefault = true", tenantId).firstResult();
    }

    public Uni<List<Pool>> listInTenant(String tenantId) {
        return find("tenantId = ?1 order by isDefault desc, name", tenantId).list();
    }
}
