package io.leadpool.scheduler.messaging;

import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.scheduler.deadline.service.DeadlineTracker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Pool events that move deadlines. */
@ApplicationScoped
public class PoolEventConsumer {

    public static final String CHANNEL = "pool-events";

    private final IdempotentConsumer consumer;
    private final DeadlineTracker tracker;

    public PoolEventConsumer(IdempotentConsumer consumer, DeadlineTracker tracker) {
        this.consumer = consumer;
        this.tracker = tracker;
    }

    /** Events arrive in batches (a batch channel): after a sweep, thousands of recycles come back at once. */
    @Incoming(CHANNEL)
    public Uni<Void> onPoolEvents(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords("scheduler.pool-event", records, DeadlineTracker.MOVES_DEADLINES,
                tracker::onPoolEvents, tracker::onPoolEvent);
    }
}
