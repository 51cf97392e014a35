package io.leadpool.dedup.conflict;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Conflicts of a tenant; resolving is a conditional update, so two arbiters cannot both decide. */
@ApplicationScoped
public class ConflictRepository implements PanacheRepositoryBase<Conflict, UUID> {

    public Uni<Conflict> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<List<Conflict>> list(String tenantId, Conflict.Status status, int page, int size) {
        return (status == null ? find("tenantId = ?1 order by createdAt desc", tenantId)
                : find("tenantId = ?1 and status = ?2 order by createdAt desc", tenantId, status))
                .page(Page.of(page, size)).list();
    }

    public Uni<Boolean> resolve(String tenantId, UUID id, io.leadpool.events.ConflictResolved.Action action,
            String by, Instant at) {
        return update("status = ?1, action = ?2, resolvedBy = ?3, resolvedAt = ?4 where tenantId = ?5 and id = ?6"
                + " and status = ?7", Conflict.Status.RESOLVED, action, by, at, tenantId, id, Conflict.Status.OPEN)
                .map(n -> n == 1);
    }
}
