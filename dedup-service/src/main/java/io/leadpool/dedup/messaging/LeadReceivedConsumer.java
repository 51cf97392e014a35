package io.leadpool.dedup.messaging;

import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.dedup.metrics.DecisionMetrics;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.LeadReceived;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every lead intake takes in gets exactly one decision. Leads come in batches (an import hands on
 * thousands a second, a batch of its rows in one {@code ImportBatchReceived}); a batch whose keys collide
 * with a concurrent batch fails as a whole and is decided again one event at a time, which sees the other
 * batch's keys.
 */
@ApplicationScoped
public class LeadReceivedConsumer {

    public static final String CHANNEL = "lead-received";

    private final IdempotentConsumer consumer;
    private final DedupService dedup;
    private final DecisionMetrics metrics;

    public LeadReceivedConsumer(IdempotentConsumer consumer, DedupService dedup, DecisionMetrics metrics) {
        this.consumer = consumer;
        this.dedup = dedup;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onLeadsReceived(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords("dedup.lead-received", records, this::decide,
                event -> decide(event.tenantid(), List.of(event)));
    }

    private Uni<Void> decide(String tenant, List<EventEnvelope> events) {
        return dedup.decideAll(tenant, leads(events)).invoke(metrics::decided).replaceWithVoid();
    }

    /** The leads of the events, in their order: one of a {@code LeadReceived}, every row of an import's batch. */
    static List<LeadReceived> leads(List<EventEnvelope> events) {
        List<LeadReceived> leads = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            switch (e.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(e.type()))) {
                case LEAD_RECEIVED -> leads.add(EventCodec.payload(e, LeadReceived.class));
                case IMPORT_BATCH_RECEIVED -> leads.addAll(EventCodec.payload(e, ImportBatchReceived.class).received());
                default -> throw new EventCodec.MalformedEventException("not a received lead: " + e.type());
            }
        }
        return leads;
    }
}
