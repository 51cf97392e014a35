package io.leadpool.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Consecutive good rows of one import, handed on together: one event (one outbox row, one Kafka record, one inbox
 * row in dedup) for what would otherwise be as many {@link LeadReceived}s. Each row is decided as the
 * {@link LeadReceived} that {@link #received()} makes of it.
 */
public record ImportBatchReceived(UUID batchId, UUID importId, UUID poolId, String receivedBy, Instant receivedAt,
        List<ImportedLead> rows) implements ImportBatch {

    /** Most rows in one event. */
    public static final int MAX_ROWS = EventBatches.MAX_ROWS;

    public ImportBatchReceived {
        rows = List.copyOf(rows);
    }

    /** One row of the file: its intake id, its number (1 is the first data row) and the lead read from it. */
    public record ImportedLead(UUID intakeId, long row, LeadDetails lead) {
    }

    /** The rows as the leads dedup decides, each with the import's row it came from. */
    public List<LeadReceived> received() {
        List<LeadReceived> leads = new ArrayList<>(rows.size());
        for (ImportedLead r : rows) {
            leads.add(new LeadReceived(r.intakeId(), r.lead(), receivedBy, receivedAt,
                    new ImportRow(importId, r.row(), poolId)));
        }
        return leads;
    }

    /**
     * The rows of one import, in their order, in as few events as {@link EventBatches#runs} allows (a row is never
     * split; one larger than the byte budget travels alone).
     */
    public static List<ImportBatchReceived> of(UUID importId, UUID poolId, String receivedBy, Instant receivedAt,
            List<ImportedLead> rows) {
        return EventBatches.runs(rows, r -> r.lead().maxJsonBytes()).stream()
                .map(run -> new ImportBatchReceived(Uuid7.next(), importId, poolId, receivedBy, receivedAt, run))
                .toList();
    }
}
