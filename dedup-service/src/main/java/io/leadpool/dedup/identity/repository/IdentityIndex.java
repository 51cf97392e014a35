package io.leadpool.dedup.identity.repository;

import io.leadpool.dedup.identity.IdentityKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The tenant's identity keys. Every statement filters on the tenant. */
@ApplicationScoped
public class IdentityIndex {

    /** A key found in the index and the lead it belongs to. */
    public record Match(IdentityKey key, UUID leadId) {
    }

    public Uni<List<Match>> find(String tenantId, List<IdentityKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Sequential look-ups: one reactive session must never run two statements at once.
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select cast(lead_id as text) from identity_key where tenant_id = :t and kind = :k and value = :v",
                        String.class)
                        .setParameter("t", tenantId).setParameter("k", key.kind().name())
                        .setParameter("v", key.value())
                        .getSingleResultOrNull())
                        .map(lead -> lead == null ? null : new Match(key, UUID.fromString(lead))))
                .filter(m -> m != null)
                .collect().asList();
    }

    /** Inserts keys for a new lead; a concurrent insert of the same key fails the transaction. */
    public Uni<Void> claim(String tenantId, List<IdentityKey> keys, UUID leadId) {
        return insert(tenantId, keys, leadId, "");
    }

    /** Adds keys to an existing lead when nobody holds them yet. */
    public Uni<Void> enrich(String tenantId, List<IdentityKey> keys, UUID leadId) {
        return insert(tenantId, keys, leadId, " on conflict do nothing");
    }

    public Uni<Void> recordDecision(String tenantId, UUID intakeId, String outcome, UUID leadId, String matchedOn) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into decision"
                + " (tenant_id, intake_id, outcome, lead_id, matched_on) values (:t, :i, :o, :l, :m)"
                + " on conflict do nothing")
                .setParameter("t", tenantId).setParameter("i", intakeId).setParameter("o", outcome)
                .setParameter("l", leadId).setParameter("m", matchedOn)
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> insert(String tenantId, List<IdentityKey> keys, UUID leadId, String onConflict) {
        List<IdentityKey> ordered = new ArrayList<>(keys);
        return Multi.createFrom().iterable(ordered)
                .onItem().transformToUniAndConcatenate(key -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into identity_key (tenant_id, kind, value, lead_id) values (:t, :k, :v, :l)" + onConflict)
                        .setParameter("t", tenantId).setParameter("k", key.kind().name())
                        .setParameter("v", key.value()).setParameter("l", leadId)
                        .executeUpdate()))
                .collect().last().replaceWithVoid();
    }
}
