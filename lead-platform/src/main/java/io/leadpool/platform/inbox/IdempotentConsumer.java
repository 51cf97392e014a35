package io.leadpool.platform.inbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies an event's effect at most once per consumer: the inbox row {@code (consumer, event id)} is
 * inserted first in the same transaction as the effect, so a redelivered event finds its row and does
 * nothing. Transient failures are retried with back-off; an event that cannot be parsed, or that keeps
 * failing, fails the message and the channel's dead-letter queue takes it.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final String INSERT = "insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
            + " values (:consumer, :id, :tenant, :type, now()) on conflict do nothing";

    private final TenantTransactions tx;
    private final int maxRetries;

    public IdempotentConsumer(TenantTransactions tx,
            @ConfigProperty(name = "leadpool.inbox.max-retries", defaultValue = "8") int maxRetries) {
        this.tx = tx;
        this.maxRetries = maxRetries;
    }

    /**
     * @param consumer the consumer's stable name (one per effect, e.g. {@code pool.lead-accepted})
     * @param json     the CloudEvents JSON as read from Kafka
     * @param effect   what the event does; runs inside the tenant's transaction
     */
    public Uni<Void> consume(String consumer, String json, Function<EventEnvelope, Uni<Void>> effect) {
        return consume(consumer, EventCodec.parse(json), effect);
    }

    private Uni<Void> consume(String consumer, EventEnvelope event, Function<EventEnvelope, Uni<Void>> effect) {
        return Uni.createFrom().deferred(() -> tx.inTenant(event.tenantid(), () -> firstDelivery(consumer, event)
                        .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem())))
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .invoke(e -> Log.debugf("%s failed on %s, retrying: %s", consumer, event.id(), e.toString()))
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(maxRetries);
    }

    /**
     * Applies a batch of events, tenant by tenant, each tenant's share in one transaction: the inbox rows
     * of all its events are inserted at once and {@code batchEffect} gets only those delivered for the
     * first time. If a tenant's transaction fails, its events are applied one by one through
     * {@link #consume} (with its retries), so one bad event cannot hold the others back; if that fails
     * too, the batch fails and the channel's dead-letter queue takes it (reprocessing is idempotent).
     *
     * @param batchEffect what the events of one tenant do together; runs inside the tenant's transaction
     * @param effect      what one event does, for the one-by-one fallback
     */
    public Uni<Void> consumeBatch(String consumer, List<String> jsons,
            BiFunction<String, List<EventEnvelope>, Uni<Void>> batchEffect, Function<EventEnvelope, Uni<Void>> effect) {
        Map<String, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (String json : jsons) {
            try {
                EventEnvelope e = EventCodec.parse(json);
                byTenant.computeIfAbsent(e.tenantid(), t -> new ArrayList<>()).add(e);
            } catch (EventCodec.MalformedEventException e) {
                unreadable.add(json);
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<EventEnvelope>> share : byTenant.entrySet()) {
            chain = chain.chain(() -> tx.inTenant(share.getKey(), () -> firstDeliveries(consumer, share.getValue())
                    .chain(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem()
                            : batchEffect.apply(share.getKey(), fresh)))
                    .onFailure().recoverWithUni(e -> {
                        Log.warnf("%s batch of %d failed (%s); applying one by one", consumer,
                                share.getValue().size(), e.toString());
                        return oneByOne(consumer, share.getValue(), effect);
                    }));
        }
        if (!unreadable.isEmpty()) {
            chain = chain.chain(() -> Uni.createFrom().failure(new EventCodec.MalformedEventException(
                    unreadable.size() + " unreadable event(s) in a batch of " + jsons.size())));
        }
        return chain;
    }

    private Uni<Void> oneByOne(String consumer, List<EventEnvelope> events, Function<EventEnvelope, Uni<Void>> effect) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventEnvelope e : events) {
            chain = chain.chain(() -> consume(consumer, e, effect));
        }
        return chain;
    }

    /** Inserts the inbox rows of many events; returns the events not seen before, in their order. */
    private Uni<List<EventEnvelope>> firstDeliveries(String consumer, List<EventEnvelope> events) {
        String sql = "insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
                + " select :consumer, id, tenant, type, now() from (values " + SqlRows.values(events.size(), "id:uuid",
                        "tenant", "type") + ") e(id, tenant, type) on conflict do nothing returning cast(event_id as text)";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, String.class).setParameter("consumer", consumer);
            for (int i = 0; i < events.size(); i++) {
                q.setParameter("id" + i, UUID.fromString(events.get(i).id()))
                        .setParameter("tenant" + i, events.get(i).tenantid())
                        .setParameter("type" + i, events.get(i).type());
            }
            return q.getResultList();
        }).map(ids -> {
            Set<String> fresh = new HashSet<>(ids);
            return events.stream().filter(e -> fresh.remove(e.id())).toList();
        });
    }

    private Uni<Boolean> firstDelivery(String consumer, EventEnvelope event) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("consumer", consumer)
                .setParameter("id", UUID.fromString(event.id()))
                .setParameter("tenant", event.tenantid())
                .setParameter("type", event.type())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
