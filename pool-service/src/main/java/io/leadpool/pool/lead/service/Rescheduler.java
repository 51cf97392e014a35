package io.leadpool.pool.lead.service;

import io.leadpool.events.LeadRescheduled;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.pool.Pool;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a pool's rules change, the deadlines already running on its owned leads follow the new rules at once
 * (from the same starting points): a longer timeout gives the reps more time today, a shorter one takes
 * effect today. Each lead whose clocks move gets a history row and a {@link LeadRescheduled} event.
 */
@ApplicationScoped
public class Rescheduler {

    private final LeadRepository leads;
    private final LeadChangeLog changes;

    public Rescheduler(LeadRepository leads, LeadChangeLog changes) {
        this.leads = leads;
        this.changes = changes;
    }

    /** Runs in the caller's transaction, after {@code pool.rules} was replaced; returns how many leads moved. */
    public Uni<Integer> rulesChanged(Actor actor, Pool pool, ZoneId zone, Instant now) {
        return leads.ownedFromPool(actor.tenantId(), pool.id)
                .chain(owned -> Multi.createFrom().iterable(owned)
                        .onItem().transformToUniAndConcatenate(lead -> move(actor, pool, zone, lead, now))
                        .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    private Uni<Integer> move(Actor actor, Pool pool, ZoneId zone, Lead lead, Instant now) {
        LeadClocks.Clocks clocks = LeadClocks.of(pool.rules, zone, lead);
        if (clocks.equals(lead.clocks())) {
            return Uni.createFrom().item(0);
        }
        return leads.reschedule(actor.tenantId(), lead.id, lead.version, lead.level, now, clocks)
                .chain(updated -> updated == 0 ? Uni.createFrom().item(0)
                        : leads.reload(lead).chain(fresh -> changes.record(actor.tenantId(), fresh,
                                HistoryEntry.Action.RESCHEDULED, actor.userId(), actor.username(), null, null,
                                "RULES_CHANGED", new LeadRescheduled(fresh.id, fresh.poolId, fresh.ownerId,
                                        "RULES_CHANGED", fresh.version, fresh.deadlines(), now), now))
                                .replaceWith(1));
    }
}
