package io.leadpool.pool.messaging;

import io.leadpool.events.ConflictResolved;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ImportBatchDecided;
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
            EventType.LEAD_DUPLICATE_DETECTED, EventType.CONFLICT_RESOLVED, EventType.IMPORT_BATCH_DECIDED);

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

    /**
     * New leads of the batch (those an import's decisions bring included) go in together, first; the other outcomes
     * follow in order.
     */
    private Uni<Void> applyAll(String tenant, List<EventEnvelope> events) {
        List<LeadAccepted> accepted = new ArrayList<>();
        List<Record> others = new ArrayList<>();
        for (EventEnvelope e : events) {
            if (type(e) == EventType.CONFLICT_RESOLVED) {
                others.add(EventCodec.payload(e, ConflictResolved.class));
                continue;
            }
            for (Record decision : ImportBatchDecided.decisionsIn(e)) {
                if (decision instanceof LeadAccepted a) {
                    accepted.add(a);
                } else if (decision instanceof LeadDuplicateDetected) {
                    others.add(decision);
                } // rejections are intake's business
            }
        }
        Uni<Void> chain = accepted.isEmpty() ? Uni.createFrom().voidItem() : entry.acceptAll(tenant, accepted);
        // Consecutive duplicates are touched together; a resolution between them keeps its place.
        List<LeadDuplicateDetected> touched = new ArrayList<>();
        for (Record outcome : others) {
            if (outcome instanceof LeadDuplicateDetected duplicate) {
                touched.add(duplicate);
                continue;
            }
            chain = touchAll(chain, tenant, touched);
            touched = new ArrayList<>();
            chain = chain.chain(() -> entry.resolve(tenant, (ConflictResolved) outcome));
        }
        return touchAll(chain, tenant, touched);
    }

    private Uni<Void> touchAll(Uni<Void> chain, String tenant, List<LeadDuplicateDetected> duplicates) {
        return duplicates.isEmpty() ? chain : chain.chain(() -> entry.touchAll(tenant, duplicates));
    }

    private static EventType type(EventEnvelope e) {
        return e.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(e.type()));
    }
}
