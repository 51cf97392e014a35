package io.leadpool.pool.messaging;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.pool.lead.service.PoolEntryService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Accepted leads enter the pool; duplicates touch the lead they duplicate. */
@ApplicationScoped
public class DedupOutcomeConsumer {

    public static final String CHANNEL = "dedup-outcomes";

    private final IdempotentConsumer consumer;
    private final PoolEntryService entry;

    public DedupOutcomeConsumer(IdempotentConsumer consumer, PoolEntryService entry) {
        this.consumer = consumer;
        this.entry = entry;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcome(String json) {
        return consumer.consume("pool.dedup-outcome", json, this::apply);
    }

    private Uni<Void> apply(EventEnvelope event) {
        return switch (event.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(event.type()))) {
            case LEAD_ACCEPTED -> entry.accept(event.tenantid(), EventCodec.payload(event, LeadAccepted.class));
            case LEAD_DUPLICATE_DETECTED ->
                entry.touch(event.tenantid(), EventCodec.payload(event, LeadDuplicateDetected.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
