package io.leadpool.platform.inbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.platform.tracing.Causes;
import io.leadpool.platform.tracing.EventTracing;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies an event's effect at most once per consumer: the inbox row {@code (consumer, event id)} is
 * inserted first in the same transaction as the effect, so a redelivered event finds its row and does
 * nothing. Transient failures are retried with back-off; an event that cannot be parsed, or that keeps
 * failing, fails the message and the channel's dead-letter queue takes it. A database that cannot serve for now
 * ({@link Failures#isDatabaseBusy}: down, restarting, failing over, a row locked too long) is not the event's fault:
 * it is waited for, up to {@code leadpool.inbox.busy-retry-for}, before that; the channel's partition waits with it.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final String INSERT = "insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
            + " values (:consumer, :id, :tenant, :type, now()) on conflict do nothing";

    private final TenantTransactions tx;
    private final EventTracing tracing;
    private final int maxRetries;
    private final Duration busyRetryFor;

    /**
     * @param busyRetryFor how long one event waits for a database that cannot serve; it must end before the Kafka
     *                     connector gives a record up as stuck ({@code throttled.unprocessed-record-max-age.ms}),
     *                     which closes the channel's consumer
     */
    public IdempotentConsumer(TenantTransactions tx, EventTracing tracing,
            @ConfigProperty(name = "leadpool.inbox.max-retries", defaultValue = "8") int maxRetries,
            @ConfigProperty(name = "leadpool.inbox.busy-retry-for", defaultValue = "PT5M") Duration busyRetryFor) {
        this.tx = tx;
        this.tracing = tracing;
        this.maxRetries = maxRetries;
        this.busyRetryFor = busyRetryFor;
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
        Uni<Void> once = Uni.createFrom().deferred(() -> tx.inTenant(event.tenantid(), () -> firstDelivery(consumer, event)
                .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem())));
        // Deferred so that the wait is counted from when the event is tried, not from when its batch was read.
        Uni<Void> throughOutages = Uni.createFrom().deferred(() -> once
                .onFailure(Failures::isDatabaseBusy)
                .invoke(e -> Log.debugf("%s waits for the database on %s: %s", consumer, event.id(), e.toString()))
                .onFailure(Failures::isDatabaseBusy)
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).expireIn(busyRetryFor.toMillis()));
        return throughOutages
                .onFailure(e -> isRetried(e))
                .invoke(e -> Log.debugf("%s failed on %s, retrying: %s", consumer, event.id(), e.toString()))
                .onFailure(e -> isRetried(e))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(maxRetries);
    }

    /** A failure of the event's own (not a malformed event, and not a database outage, which was waited out). */
    private static boolean isRetried(Throwable failure) {
        return !(failure instanceof EventCodec.MalformedEventException) && !Failures.isDatabaseBusy(failure);
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
        return consumeDeliveries(consumer, jsons.stream().map(j -> new Delivery(j, null, null, null)).toList(),
                type -> true, batchEffect, effect);
    }

    /**
     * {@link #consumeBatch(String, List, BiFunction, Function)} for the records of a Kafka batch channel: each
     * event is also processed in a consumer span that continues the trace in its record's {@code traceparent}
     * header, and the events the effects write to the outbox continue the trace of the event that caused them
     * ({@link Causes}).
     */
    public Uni<Void> consumeRecords(String consumer, Iterable<ConsumerRecord<String, String>> records,
            BiFunction<String, List<EventEnvelope>, Uni<Void>> batchEffect, Function<EventEnvelope, Uni<Void>> effect) {
        return consumeRecords(consumer, records, type -> true, batchEffect, effect);
    }

    /**
     * {@link #consumeRecords(String, Iterable, BiFunction, Function)} for a consumer that acts on some of a topic's
     * event types only ({@code acts}, given the CloudEvents type): the others are passed over without an inbox row,
     * since an event with no effect is the same applied once or many times, and without being parsed when the record
     * names its type in a header ({@link Delivery#TYPE_HEADER}, as the outbox relay does).
     */
    public Uni<Void> consumeRecords(String consumer, Iterable<ConsumerRecord<String, String>> records,
            Predicate<String> acts, BiFunction<String, List<EventEnvelope>, Uni<Void>> batchEffect,
            Function<EventEnvelope, Uni<Void>> effect) {
        return consumeDeliveries(consumer, Delivery.of(records), acts, batchEffect, effect);
    }

    /**
     * For {@code acts}: the events of these types, and those of a type this build does not know (so that the effect
     * decides what becomes of them, as it would without the filter).
     */
    public static Predicate<String> ofTypes(EventType first, EventType... more) {
        Set<EventType> types = EnumSet.of(first, more);
        return type -> EventType.ofType(type).map(types::contains).orElse(true);
    }

    private Uni<Void> consumeDeliveries(String consumer, List<Delivery> deliveries, Predicate<String> acts,
            BiFunction<String, List<EventEnvelope>, Uni<Void>> batchEffect, Function<EventEnvelope, Uni<Void>> effect) {
        Map<String, List<EventEnvelope>> byTenant = new LinkedHashMap<>();
        Map<EventEnvelope, Delivery> delivered = new IdentityHashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.type() != null && !acts.test(d.type())) {
                continue;
            }
            try {
                EventEnvelope e = EventCodec.parse(d.json());
                if (!acts.test(e.type())) {
                    continue;
                }
                byTenant.computeIfAbsent(e.tenantid(), t -> new ArrayList<>()).add(e);
                delivered.put(e, d);
            } catch (EventCodec.MalformedEventException e) {
                unreadable.add(d.json());
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<EventEnvelope>> share : byTenant.entrySet()) {
            chain = chain.chain(() -> traced(consumer, share.getValue(), delivered, () -> tx.inTenant(share.getKey(),
                    () -> firstDeliveries(consumer, share.getValue())
                            .chain(fresh -> fresh.isEmpty() ? Uni.createFrom().voidItem()
                                    : batchEffect.apply(share.getKey(), fresh)))
                    .onFailure().recoverWithUni(e -> {
                        Log.warnf("%s batch of %d failed (%s); applying one by one", consumer,
                                share.getValue().size(), e.toString());
                        return oneByOne(consumer, share.getValue(), effect);
                    })));
        }
        if (!unreadable.isEmpty()) {
            chain = chain.chain(() -> Uni.createFrom().failure(new EventCodec.MalformedEventException(
                    unreadable.size() + " unreadable event(s) in a batch of " + deliveries.size())));
        }
        return chain;
    }

    /** Runs a tenant's share with one consumer span per event, each event's span the cause of what it writes. */
    private Uni<Void> traced(String consumer, List<EventEnvelope> events, Map<EventEnvelope, Delivery> delivered,
            java.util.function.Supplier<Uni<Void>> work) {
        return Uni.createFrom().deferred(() -> {
            Causes causes = Causes.open();
            List<Span> spans = new ArrayList<>(events.size());
            for (EventEnvelope e : events) {
                Delivery d = delivered.get(e);
                Span span = tracing.process(d.traceparent(), d.topic() == null ? "" : d.topic(), consumer, e.id(),
                        e.type(), e.tenantid());
                spans.add(span);
                if (causes != null) {
                    causes.add(e.subject(), EventTracing.traceparent(io.opentelemetry.context.Context.root().with(span)));
                }
            }
            return work.get().onTermination().invoke((ok, failure, cancelled) -> {
                spans.forEach(span -> EventTracing.end(span, failure));
                Causes.close(causes);
            });
        });
    }

    private Uni<Void> oneByOne(String consumer, List<EventEnvelope> events, Function<EventEnvelope, Uni<Void>> effect) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventEnvelope e : events) {
            chain = chain.chain(() -> consume(consumer, e, effect));
        }
        return chain;
    }

    private static final SqlRows.RecordSet EVENTS = SqlRows.recordset("events", "e", "id uuid", "tenant text",
            "type text");

    private static final String INSERT_ALL = "insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
            + " select :consumer, id, tenant, type, now() from " + EVENTS.sql()
            + " on conflict do nothing returning cast(event_id as text)";

    /** Inserts the inbox rows of many events; returns the events not seen before, in their order. */
    private Uni<List<EventEnvelope>> firstDeliveries(String consumer, List<EventEnvelope> events) {
        SqlRows.Records rows = EVENTS.rows();
        events.forEach(e -> rows.add(e.id(), e.tenantid(), e.type()));
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT_ALL, String.class)
                .setParameter("consumer", consumer).setParameter(EVENTS.parameter(), rows.json()).getResultList())
                .map(ids -> {
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
