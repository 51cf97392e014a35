package io.leadpool.pool.lead.service;

import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * What every change of a lead leaves behind, in the caller's transaction: one history row and one
 * outbox event. The one place that writes both, so no operation can forget either.
 */
@ApplicationScoped
public class LeadChangeLog {

    private final HistoryRepository history;
    private final Outbox outbox;
    private final LeadQueries queries;

    public LeadChangeLog(HistoryRepository history, Outbox outbox, LeadQueries queries) {
        this.history = history;
        this.outbox = outbox;
        this.queries = queries;
    }

    /** A change made by a system actor (dedup, the scheduler) or on behalf of someone. */
    public Uni<Void> record(String tenantId, Lead lead, HistoryEntry.Action action, String actorId, String actorName,
            String fromOwner, String toOwner, String reason, Record event, Instant at) {
        return history.append(lead, action, actorId, actorName, fromOwner, toOwner, reason, at)
                .chain(() -> outbox.add(tenantId, lead.id, event));
    }

    /** Many changes at once (a batch of recycles): their history rows, then their events in the same order. */
    public Uni<Void> recordAll(List<HistoryEntry> entries, List<Outbox.Pending> events) {
        return history.appendAll(entries).chain(() -> outbox.addAll(events));
    }

    /** A change made by the caller; answers the lead as the caller may see it. */
    public Uni<LeadView> record(Actor actor, Lead lead, HistoryEntry.Action action, String fromOwner, String toOwner,
            String reason, Record event, Instant at) {
        return record(actor.tenantId(), lead, action, actor.userId(), actor.username(), fromOwner, toOwner, reason,
                event, at).chain(() -> queries.view(actor, lead));
    }
}
