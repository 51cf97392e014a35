package io.leadpool.platform.outbox;

import io.leadpool.events.ImportBatch;
import io.leadpool.events.ImportRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The outbox rows for the events of a batch of work on leads: a lead that came on its own gets its own event; the
 * events about rows of an import go together, in the import's batch events ({@link ImportBatch}: one outbox row, one
 * Kafka record and one inbox row in each consumer for up to a thousand rows), each keyed by its batch id. An import of
 * a million rows is then a thousand events at each step, not a million.
 *
 * @param <T> the single event (a decision, a {@code LeadPooled})
 * @param <B> the batch event that carries such events for rows of one import
 */
public final class ImportBatchedEvents<T extends Record, B extends Record & ImportBatch> {

    private final String tenantId;
    private final BiFunction<UUID, List<T>, List<B>> batches;
    private final List<Outbox.Pending> single = new ArrayList<>();
    private final Map<UUID, List<T>> byImport = new LinkedHashMap<>();

    /** @param batches the batch events of one import's events, in their order (e.g. {@code ImportBatchPooled::of}) */
    public ImportBatchedEvents(String tenantId, BiFunction<UUID, List<T>, List<B>> batches) {
        this.tenantId = tenantId;
        this.batches = batches;
    }

    /** An event about {@code aggregateId}, caused by a row of an import ({@code importRow}) or by a lead alone (null). */
    public void add(ImportRow importRow, Object aggregateId, T event) {
        if (importRow == null) {
            single.add(new Outbox.Pending(tenantId, aggregateId, event));
        } else {
            byImport.computeIfAbsent(importRow.importId(), id -> new ArrayList<>()).add(event);
        }
    }

    /**
     * The events to add to the outbox: the single ones in their order, then each import's batch events (the imports in
     * the order of their first event, each one's events in their order).
     */
    public List<Outbox.Pending> pending() {
        List<Outbox.Pending> all = new ArrayList<>(single);
        byImport.forEach((importId, events) -> all.addAll(pending(tenantId, batches.apply(importId, events))));
        return all;
    }

    /** Batch events as outbox rows, each keyed by its batch id. */
    public static <E extends Record & ImportBatch> List<Outbox.Pending> pending(String tenantId, List<E> batches) {
        return batches.stream().map(b -> new Outbox.Pending(tenantId, b.batchId(), b)).toList();
    }
}
