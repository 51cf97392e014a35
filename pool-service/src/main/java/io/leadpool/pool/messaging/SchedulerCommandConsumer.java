package io.leadpool.pool.messaging;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.RecycleDue;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.pool.lead.service.RecycleService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Commands from the scheduler: recycle a lead whose deadline passed. */
@ApplicationScoped
public class SchedulerCommandConsumer {

    public static final String CHANNEL = "scheduler-commands";

    private final IdempotentConsumer consumer;
    private final RecycleService recycle;

    public SchedulerCommandConsumer(IdempotentConsumer consumer, RecycleService recycle) {
        this.consumer = consumer;
        this.recycle = recycle;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onCommand(String json) {
        return consumer.consume("pool.scheduler-command", json, event -> event.eventType()
                .filter(t -> t == EventType.RECYCLE_DUE)
                .map(t -> recycle.apply(event.tenantid(), EventCodec.payload(event, RecycleDue.class)).replaceWithVoid())
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
