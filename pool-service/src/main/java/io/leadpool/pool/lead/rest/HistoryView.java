package io.leadpool.pool.lead.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.pool.lead.HistoryEntry;
import java.time.Instant;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryView(UUID id, HistoryEntry.Action action, String actorId, String actorName, String fromOwner,
        String toOwner, String reason, UUID poolId, long version, Instant at) {

    public static HistoryView of(HistoryEntry h) {
        return new HistoryView(h.id, h.action, h.actorId, h.actorName, h.fromOwner, h.toOwner, h.reason, h.poolId,
                h.version, h.at);
    }
}
