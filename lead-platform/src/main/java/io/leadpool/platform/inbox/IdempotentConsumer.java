package io.leadpool.platform.inbox;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
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
        EventEnvelope event = EventCodec.parse(json);
        return Uni.createFrom().deferred(() -> tx.inTenant(event.tenantid(), () -> firstDelivery(consumer, event)
                        .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem())))
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .invoke(e -> Log.debugf("%s failed on %s, retrying: %s", consumer, event.id(), e.toString()))
                .onFailure(e -> !(e instanceof EventCodec.MalformedEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).atMost(maxRetries);
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
