package io.leadpool.intake.channel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Channels. {@link #findActiveByKey} is the one look-up without a tenant: the key names it. */
@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    public Uni<Channel> findActiveByKey(String key) {
        return find("key = ?1 and active = true", key).firstResult();
    }

    public Uni<Channel> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<List<Channel>> listInTenant(String tenantId) {
        return find("tenantId = ?1 order by createdAt", tenantId).list();
    }

    public Uni<Integer> deactivate(String tenantId, UUID id) {
        return update("active = false where tenantId = ?1 and id = ?2 and active = true", tenantId, id);
    }
}
