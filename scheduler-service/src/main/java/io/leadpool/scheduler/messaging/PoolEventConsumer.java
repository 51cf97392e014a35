package io.leadpool.scheduler.messaging;

import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.scheduler.deadline.service.DeadlineTracker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class PoolEventConsumer {

    public static final String CHANNEL = "pool-events";

    private final IdempotentConsumer consumer;
    private final DeadlineTracker tracker;

    public PoolEventConsumer(IdempotentConsumer consumer, DeadlineTracker tracker) {
        this.consumer = consumer;
        this.tracker = tracker;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onPoolEvent(String json) {
        return consumer.consume("scheduler.pool-event", json, tracker::onPoolEvent);
    }
}
