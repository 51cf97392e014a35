package io.leadpool.events;

import java.util.UUID;

/**
 * An event that carries many rows of one import ({@link ImportBatchReceived}, {@link ImportBatchDecided},
 * {@link ImportBatchPooled}; {@link EventBatches} cuts them). It is about the batch, not one lead: its Kafka key and
 * CloudEvents subject are {@link #batchId()}.
 */
public interface ImportBatch {

    UUID batchId();

    UUID importId();
}
