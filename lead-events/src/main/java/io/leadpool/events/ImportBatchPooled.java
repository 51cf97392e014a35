package io.leadpool.events;

import java.util.List;
import java.util.UUID;

/**
 * New leads from rows of one import that entered their pools together: one event (one outbox row, one Kafka record)
 * for what would otherwise be as many {@link LeadPooled}s, each of which it holds as that event would have said it.
 * Keyed by the batch, not by a lead: a consumer orders it against a lead's later events by the lead's version (0 here,
 * as in every {@link LeadPooled}).
 */
public record ImportBatchPooled(UUID batchId, UUID importId, List<LeadPooled> leads) implements ImportBatch {

    /** The upper bound {@link EventBatches#runs} counts for one lead: ids, version and time come to about 160 bytes. */
    private static final long MAX_LEAD_JSON_BYTES = 256;

    public ImportBatchPooled {
        leads = List.copyOf(leads);
    }

    /** The leads of one import that entered pools, in their order, in as few events as {@link EventBatches#runs} allows. */
    public static List<ImportBatchPooled> of(UUID importId, List<LeadPooled> leads) {
        return EventBatches.runs(leads, l -> MAX_LEAD_JSON_BYTES).stream()
                .map(run -> new ImportBatchPooled(Uuid7.next(), importId, run)).toList();
    }
}
