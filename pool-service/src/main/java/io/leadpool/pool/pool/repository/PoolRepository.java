package io.leadpool.pool.pool.repository;

import io.leadpool.pool.pool.Pool;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PoolRepository implements PanacheRepositoryBase<Pool, UUID> {

    public Uni<Pool> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<Pool> findDefault(String tenantId) {
        return find("tenantId = ?1 and isDefault = true", tenantId).firstResult();
    }

    public Uni<List<Pool>> listInTenant(String tenantId) {
        return find("tenantId = ?1 order by isDefault desc, name", tenantId).list();
    }
}
