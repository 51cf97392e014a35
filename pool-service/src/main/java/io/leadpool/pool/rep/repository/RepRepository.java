package io.leadpool.pool.rep.repository;

import io.leadpool.platform.tenancy.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reps become known from their token: the first call of a user records them, later calls refresh them. */
@ApplicationScoped
public class RepRepository {

    public Uni<Void> remember(Actor actor) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into rep (tenant_id, id, username,"
                + " created_at, last_seen_at) values (:t, :id, :name, now(), now())"
                + " on conflict (tenant_id, id) do update set username = excluded.username, last_seen_at = now()")
                .setParameter("t", actor.tenantId())
                .setParameter("id", actor.userId())
                .setParameter("name", actor.username() == null ? actor.userId() : actor.username())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Locks the rep's row until the transaction ends and returns the rep's tier. Every change that adds
     * to a rep's book takes this lock first, so limits counted under it cannot be overrun by parallel claims.
     */
    public Uni<String> lockTier(Actor actor) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select tier from rep where tenant_id = :t and id = :id for update", String.class)
                .setParameter("t", actor.tenantId()).setParameter("id", actor.userId())
                .getSingleResult());
    }
}
