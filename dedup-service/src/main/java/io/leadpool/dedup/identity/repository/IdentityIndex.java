package io.leadpool.dedup.identity.repository;

import io.leadpool.dedup.identity.IdentityKey;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

    /**
     * Each key looked up on its own through the primary key, whatever the statistics say (no sequential scan in the
     * transaction): they are wrong exactly when it matters, during a big import into a table that was small or
     * emptied at the last analyze, and a plan made by them read every key of the table per batch, making an import
     * slower with every row before it. A key is unique, hence {@code limit 1}, which also keeps the look-up from
     * being folded into a join.
     */
    private static final SqlRows.RecordSet WANTED = SqlRows.recordset("keys", "q", "kind text", "value text");

    private static final String FIND = "select q.kind, q.value, cast(k.lead_id as text) from " + WANTED.sql()
            + " cross join lateral (select k.lead_id from identity_key k where k.tenant_id = :t and k.kind = q.kind"
            + " and k.value = q.value limit 1) k";

    public Uni<Map<IdentityKey, UUID>> find(String tenantId, List<IdentityKey> keys) {
        Map<IdentityKey, UUID> found = new HashMap<>();
        Uni<Object> indexOnly = Panache.getSession()
                .chain(s -> s.createNativeQuery("select " + SqlRows.NO_SEQUENTIAL_SCANS).getSingleResult());
        return indexOnly.chain(() -> SqlRows.inChunks(keys, chunk -> {
            SqlRows.Records rows = WANTED.rows();
            chunk.forEach(k -> rows.add(k.kind().name(), k.value()));
            return Panache.getSession().chain(s -> s.createNativeQuery(FIND, Object[].class).setParameter("t", tenantId)
                    .setParameter(WANTED.parameter(), rows.json()).getResultList())
                    .invoke(rs -> rs.forEach(r -> found.put(new IdentityKey(IdentityKey.Kind.valueOf((String) r[0]),
                            (String) r[1]), UUID.fromString((String) r[2]))));
        })).replaceWith(found);
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

    private static final SqlRows.RecordSet DECISION_ROWS = SqlRows.recordset("decisions", "d", "i uuid", "o text",
            "l uuid", "m text");

    private static final String DECISIONS = "insert into decision (tenant_id, intake_id, outcome, lead_id, matched_on)"
            + " select :t, i, o, l, m from " + DECISION_ROWS.sql() + " on conflict do nothing";

    public Uni<Void> recordDecisions(String tenantId, List<DecisionRow> decisions) {
        return SqlRows.inChunks(decisions, chunk -> {
            SqlRows.Records rows = DECISION_ROWS.rows();
            chunk.forEach(d -> rows.add(d.intakeId(), d.outcome(), d.leadId(), d.matchedOn()));
            return Panache.getSession().chain(s -> s.createNativeQuery(DECISIONS).setParameter("t", tenantId)
                    .setParameter(DECISION_ROWS.parameter(), rows.json()).executeUpdate());
        });
    }

    private static final SqlRows.RecordSet OWNED = SqlRows.recordset("keys", "x", "k text", "v text", "l uuid");

    private static final String INSERT = "insert into identity_key (tenant_id, kind, value, lead_id) select :t, k, v, l"
            + " from " + OWNED.sql();

    private Uni<Void> insert(String tenantId, List<Owned> keys, String onConflict) {
        return SqlRows.inChunks(keys, chunk -> {
            SqlRows.Records rows = OWNED.rows();
            chunk.forEach(o -> rows.add(o.key().kind().name(), o.key().value(), o.leadId()));
            return Panache.getSession().chain(s -> s.createNativeQuery(INSERT + onConflict).setParameter("t", tenantId)
                    .setParameter(OWNED.parameter(), rows.json()).executeUpdate());
        });
    }
}
