package io.leadpool.pool.messaging;

import io.leadpool.events.ConflictResolved;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.pool.lead.service.PoolEntryService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Accepted leads enter the pool (a batch at a time: an import brings thousands a second); duplicates
 * touch the lead they duplicate; resolved company conflicts merge or discard the new lead.
 */
@ApplicationScoped
public class DedupOutcomeConsumer {

    public static final String CHANNEL = "dedup-outcomes";

    /** Rejections are intake's business alone: the pool passes over them, without an inbox row. */
    private static final Predicate<String> ACTS_ON = IdempotentConsumer.ofTypes(EventType.LEAD_ACCEPTED,
            EventType.LEAD_DUPLICATE_DETECTED, EventType.CONFLICT_RESOLVED);

    private final IdempotentConsumer consumer;
    private final PoolEntryService entry;

    public DedupOutcomeConsumer(IdempotentConsumer consumer, PoolEntryService entry) {
        this.consumer = consumer;
        this.entry = entry;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onOutcomes(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords("pool.dedup-outcome", records, ACTS_ON, this::applyAll,
                e -> applyAll(e.tenantid(), List.of(e)));
    }

    /** New leads of the batch go in together, first; the other outcomes follow in order. */
    private Uni<Void> applyAll(String tenant, List<EventEnvelope> events) {
        List<LeadAccepted> accepted = new ArrayList<>();
        List<EventEnvelope> others = new ArrayList<>();
        for (EventEnvelope e : events) {
            if (type(e) == EventType.LEAD_ACCEPTED) {
                accepted.add(EventCodec.payload(e, LeadAccepted.class));
            } else {
                others.add(e);
            }
        }
        Uni<Void> chain = accepted.isEmpty() ? Uni.createFrom().voidItem() : entry.acceptAll(tenant, accepted);
        for (EventEnvelope e : others) {
            chain = chain.chain(() -> switch (type(e)) {
                case LEAD_DUPLICATE_DETECTED -> entry.touch(tenant, EventCodec.payload(e, LeadDuplicateDetected.class));
                case CONFLICT_RESOLVED -> entry.resolve(tenant, EventCodec.payload(e, ConflictResolved.class));
                default -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    private static EventType type(EventEnvelope e) {
        return e.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(e.type()));
    }
}
