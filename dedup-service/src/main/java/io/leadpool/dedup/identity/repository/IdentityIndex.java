package io.leadpool.dedup.identity.repository;

import io.leadpool.dedup.identity.IdentityKey;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant's identity keys (normalised phones and e-mails) and the lead each belongs to. The primary
 * key {@code (tenant, kind, value)} makes two arrivals of one person at one moment collide, so exactly
 * one of them creates the lead. Every statement filters on the tenant; many keys go in one statement.
 */
@ApplicationScoped
public class IdentityIndex {

    /** A key and the lead it belongs to. */
    public record Owned(IdentityKey key, UUID leadId) {
    }

    /** A decision as recorded for audit. */
    public record DecisionRow(UUID intakeId, String outcome, UUID leadId, String matchedOn) {
    }

    public Uni<Map<IdentityKey, UUID>> find(String tenantId, List<IdentityKey> keys) {
        Map<IdentityKey, UUID> found = new HashMap<>();
        return SqlRows.inChunks(keys, chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("select k.kind, k.value, cast(k.lead_id as text) from identity_key k"
                    + " join (values " + SqlRows.values(chunk.size(), "k", "v") + ") q(kind, value)"
                    + " on k.kind = q.kind and k.value = q.value where k.tenant_id = :t", Object[].class)
                    .setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter("k" + i, chunk.get(i).kind().name()).setParameter("v" + i, chunk.get(i).value());
            }
            return q.getResultList();
        }).invoke(rows -> rows.forEach(r -> found.put(new IdentityKey(IdentityKey.Kind.valueOf((String) r[0]),
                (String) r[1]), UUID.fromString((String) r[2]))))).replaceWith(found);
    }

    /** Inserts keys of new leads; a key someone else inserted meanwhile fails the transaction. */
    public Uni<Void> claim(String tenantId, List<Owned> keys) {
        return insert(tenantId, keys, "");
    }

    /** Adds keys to existing leads where nobody holds them yet. */
    public Uni<Void> enrich(String tenantId, List<Owned> keys) {
        return insert(tenantId, keys, " on conflict do nothing");
    }

    /** A merged lead's keys become the surviving lead's. */
    public Uni<Void> reassign(String tenantId, UUID from, UUID to) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update identity_key set lead_id = :to"
                + " where tenant_id = :t and lead_id = :from").setParameter("to", to).setParameter("t", tenantId)
                .setParameter("from", from).executeUpdate()).replaceWithVoid();
    }

    /** A discarded lead's keys are free again: the person may come back as a new lead. */
    public Uni<Void> release(String tenantId, UUID leadId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from identity_key where tenant_id = :t"
                + " and lead_id = :l").setParameter("t", tenantId).setParameter("l", leadId).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> recordDecisions(String tenantId, List<DecisionRow> decisions) {
        return SqlRows.inChunks(decisions, chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("insert into decision (tenant_id, intake_id, outcome, lead_id, matched_on)"
                    + " select :t, i, o, l, m from (values " + SqlRows.values(chunk.size(), "i:uuid", "o", "l:uuid", "m")
                    + ") d(i, o, l, m) on conflict do nothing").setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                DecisionRow d = chunk.get(i);
                q.setParameter("i" + i, d.intakeId()).setParameter("o" + i, d.outcome())
                        .setParameter("l" + i, d.leadId()).setParameter("m" + i, d.matchedOn());
            }
            return q.executeUpdate();
        }));
    }

    private Uni<Void> insert(String tenantId, List<Owned> keys, String onConflict) {
        List<Owned> rows = new ArrayList<>(keys);
        return SqlRows.inChunks(rows, chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("insert into identity_key (tenant_id, kind, value, lead_id) select :t, k, v, l"
                    + " from (values " + SqlRows.values(chunk.size(), "k", "v", "l:uuid") + ") x(k, v, l)" + onConflict)
                    .setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter("k" + i, chunk.get(i).key().kind().name())
                        .setParameter("v" + i, chunk.get(i).key().value()).setParameter("l" + i, chunk.get(i).leadId());
            }
            return q.executeUpdate();
        }));
    }
}
