package io.leadpool.pool.lead.repository;

import io.leadpool.events.Uuid7;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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

    /** How many leads a rep claimed from a pool since an instant (the claim quota's window). */
    public Uni<Long> countClaims(String tenantId, String repId, UUID poolId, Instant since) {
        return count("tenantId = ?1 and actorId = ?2 and poolId = ?3 and action = ?4 and at > ?5", tenantId, repId,
                poolId, HistoryEntry.Action.CLAIMED, since);
    }

    public Uni<List<HistoryEntry>> of(String tenantId, UUID leadId) {
        return find("tenantId = ?1 and leadId = ?2 order by at, id", tenantId, leadId).list();
    }
}
