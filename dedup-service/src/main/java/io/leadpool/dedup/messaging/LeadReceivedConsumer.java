package io.leadpool.dedup.messaging;

import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadReceived;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every lead intake takes in gets exactly one decision. */
@ApplicationScoped
public class LeadReceivedConsumer {

    public static final String CHANNEL = "lead-received";

    private final IdempotentConsumer consumer;
    private final DedupService dedup;

    public LeadReceivedConsumer(IdempotentConsumer consumer, DedupService dedup) {
        this.consumer = consumer;
        this.dedup = dedup;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onLeadReceived(String json) {
        return consumer.consume("dedup.lead-received", json,
                event -> dedup.decide(event.tenantid(), EventCodec.payload(event, LeadReceived.class)).replaceWithVoid());
    }
}
