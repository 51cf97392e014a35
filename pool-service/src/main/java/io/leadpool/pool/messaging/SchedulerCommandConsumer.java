package io.leadpool.pool.messaging;

import io.leadpool.events.EventEnvelope;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.pool.lead.service.RecycleService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Commands from the scheduler: recycle a lead whose deadline passed, remind an owner of a near one. */
@ApplicationScoped
public class SchedulerCommandConsumer {

    public static final String CHANNEL = "scheduler-commands";

    private final IdempotentConsumer consumer;
    private final RecycleService recycle;

    public SchedulerCommandConsumer(IdempotentConsumer consumer, RecycleService recycle) {
        this.consumer = consumer;
        this.recycle = recycle;
    }

    /**
     * Commands arrive in batches (the channel is a Kafka batch channel): a sweep of thousands of overdue
     * leads is applied a few hundred at a time, each tenant's share in one transaction.
     */
    @Incoming(CHANNEL)
    public Uni<Void> onCommands(ConsumerRecords<String, String> records) {
        return consumer.consumeRecords("pool.scheduler-command", records, recycle::applyAll, this::one);
    }

    /** The one-by-one fallback of a failed batch: the same effect, for one command. */
    private Uni<Void> one(EventEnvelope event) {
        return recycle.applyAll(event.tenantid(), List.of(event));
    }
}
