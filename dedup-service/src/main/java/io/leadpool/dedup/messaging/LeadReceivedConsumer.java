package io.leadpool.dedup.messaging;

import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.dedup.metrics.DecisionMetrics;
import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadReceived;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every lead intake takes in gets exactly one decision. Leads come in batches (an import hands on
 * thousands a second); a batch whose keys collide with a concurrent batch fails as a whole and is
 * decided again one lead at a time, which sees the other batch's keys.
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
        return consumer.consumeRecords("dedup.lead-received", records,
                (tenant, events) -> dedup.decideAll(tenant, events.stream()
                        .map(e -> EventCodec.payload(e, LeadReceived.class)).toList()).invoke(metrics::decided)
                        .replaceWithVoid(),
                event -> dedup.decideAll(event.tenantid(), List.of(EventCodec.payload(event, LeadReceived.class)))
                        .invoke(metrics::decided).replaceWithVoid());
    }
}
