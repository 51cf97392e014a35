package io.leadpool.pool.lead.repository;

import io.leadpool.events.Uuid7;
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

    /** Many history rows at once (inserts are batched by Hibernate's statement batch size). */
    public Uni<Void> appendAll(List<HistoryEntry> entries) {
        return entries.isEmpty() ? Uni.createFrom().voidItem() : persist(entries.stream());
    }

    /** The actor of automatic hand-outs (ROUND_ROBIN, WEIGHTED, SKILL_MATCH) in the history and events. */
    public static final String DISTRIBUTION_ACTOR = "system:distribution";

    /**
     * What counts against a pool's claim quota: the leads a rep took from it, by their own claim or by an
     * automatic hand-out (an admin's or manager's assignment does not count). The receiving rep is
     * {@code to_owner} of both.
     */
    static final String TAKEN_FROM_POOL = "(h.action = 'CLAIMED' or (h.action = 'ASSIGNED' and h.actor_id = '"
            + DISTRIBUTION_ACTOR + "'))";

    /**
     * How many leads each of {@code repIds} took from a pool since an instant (the claim quota's window); reps
     * who took none are absent. One rule for manual claims and automatic hand-outs.
     */
    public Uni<Map<String, Long>> takenFromPool(String tenantId, UUID poolId, List<String> repIds, Instant since) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select h.to_owner, count(*) from lead_history h"
                + " where h.tenant_id = :t and h.pool_id = :pool and h.to_owner in (:reps) and h.at > :since and "
                + TAKEN_FROM_POOL + " group by h.to_owner", Object[].class)
                .setParameter("t", tenantId).setParameter("pool", poolId).setParameter("reps", repIds)
                .setParameter("since", since).getResultList())
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
