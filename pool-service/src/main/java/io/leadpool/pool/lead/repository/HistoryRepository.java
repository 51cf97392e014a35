package io.leadpool.pool.lead.repository;

import io.leadpool.events.Uuid7;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The append-only history of every lead. */
@ApplicationScoped
public class HistoryRepository implements PanacheRepositoryBase<HistoryEntry, UUID> {

    public Uni<HistoryEntry> append(Lead lead, HistoryEntry.Action action, String actorId, String actorName,
            String fromOwner, String toOwner, String reason, Instant at) {
        return persist(entry(lead, action, actorId, actorName, fromOwner, toOwner, reason, at));
    }

    /** The history row of a change of this lead, as it stands after the change. */
    public static HistoryEntry entry(Lead lead, HistoryEntry.Action action, String actorId, String actorName,
            String fromOwner, String toOwner, String reason, Instant at) {
        HistoryEntry h = new HistoryEntry();
        h.id = Uuid7.next();
        h.tenantId = lead.tenantId;
        h.leadId = lead.id;
        h.action = action;
        h.actorId = actorId;
        h.actorName = actorName;
        h.fromOwner = fromOwner;
        h.toOwner = toOwner;
        h.reason = reason;
        h.poolId = lead.poolId;
        h.version = lead.version;
        h.at = at;
        h.scoreBand = lead.scoreBand;
        return h;
    }

    private static final SqlRows.RecordSet ENTRIES = SqlRows.recordset("entries", "h", "id uuid", "tenant_id text",
            "lead_id uuid", "action text", "actor_id text", "actor_name text", "from_owner text", "to_owner text",
            "reason text", "pool_id uuid", "version bigint", "at timestamptz", "score_band text");

    private static final String INSERT_ALL = "insert into lead_history (id, tenant_id, lead_id, action, actor_id,"
            + " actor_name, from_owner, to_owner, reason, pool_id, version, at, score_band) select * from "
            + ENTRIES.sql();

    /** Many history rows at once: one statement per {@link SqlRows#CHUNK}, none of them kept in the session. */
    public Uni<Void> appendAll(List<HistoryEntry> entries) {
        return SqlRows.inChunks(entries, chunk -> {
            SqlRows.Records rows = ENTRIES.rows();
            for (HistoryEntry h : chunk) {
                rows.add(h.id, h.tenantId, h.leadId, h.action.name(), h.actorId, h.actorName, h.fromOwner, h.toOwner,
                        h.reason, h.poolId, h.version, h.at, h.scoreBand);
            }
            return Panache.getSession().chain(s -> s.createNativeQuery(INSERT_ALL)
                    .setParameter(ENTRIES.parameter(), rows.json())
                    .executeUpdate());
        });
    }

    /**
     * The actor of automatic hand-outs (ROUND_ROBIN, WEIGHTED, SKILL_MATCH) in the history and events; the claim
     * quota's {@code lead_taken_from_pool} (migration V13) knows their rows by it.
     */
    public static final String DISTRIBUTION_ACTOR = "system:distribution";

    /**
     * How many leads each of {@code repIds} took from a pool since an instant (the claim quota's window): their
     * claims and automatic hand-outs, not what an admin or manager assigned them; reps who took none are absent.
     * One rule, {@code lead_taken_from_pool} (migration V13), for this and for {@code claim_lead}.
     */
    public Uni<Map<String, Long>> takenFromPool(String tenantId, UUID poolId, List<String> repIds, Instant since) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select o_rep, o_taken from"
                + " lead_taken_from_pool(:t, :pool, cast(:reps as text[]), :since)", Object[].class)
                .setParameter("t", tenantId).setParameter("pool", poolId)
                .setParameter("reps", repIds.toArray(String[]::new)).setParameter("since", since).getResultList())
                .map(HistoryRepository::counts);
    }

    static Map<String, Long> counts(List<Object[]> rows) {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] r : rows) {
            counts.put((String) r[0], ((Number) r[1]).longValue());
        }
        return counts;
    }

    public Uni<List<HistoryEntry>> of(String tenantId, UUID leadId) {
        return find("tenantId = ?1 and leadId = ?2 order by at, id", tenantId, leadId).list();
    }
}
