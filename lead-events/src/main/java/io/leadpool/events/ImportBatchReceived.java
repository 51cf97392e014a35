package io.leadpool.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consecutive good rows of one import, handed on together: one event (one outbox row, one Kafka record, one inbox
 * row in dedup) for what would otherwise be as many {@link LeadReceived}s. Each row is decided as the
 * {@link LeadReceived} that {@link #received()} makes of it, and gets its own decision event.
 */
public record ImportBatchReceived(UUID batchId, UUID importId, UUID poolId, String receivedBy, Instant receivedAt,
        List<ImportedLead> rows) {

    /** Most rows in one event. */
    public static final int MAX_ROWS = 1000;

    /**
     * Most bytes the rows of one event may take by {@link ImportedLead#maxJsonBytes()}: with the envelope around
     * them, an event stays below the 1 MB a Kafka record may have by default (producer, broker and topic).
     */
    public static final long MAX_ROW_BYTES = 768 * 1024;

    public ImportBatchReceived {
        rows = List.copyOf(rows);
    }

    /** One row of the file: its intake id, its number (1 is the first data row) and the lead read from it. */
    public record ImportedLead(UUID intakeId, long row, LeadDetails lead) {

        /**
         * An upper bound of the bytes this row takes in the event's JSON: six per character (a control character is
         * written as a six-character escape), plus the names, ids and punctuation around the values.
         */
        long maxJsonBytes() {
            long chars = 0;
            LeadDetails l = lead;
            for (String s : new String[] {l.name(), l.company(), l.phone(), l.email(), l.region(), l.industry(),
                    l.product()}) {
                chars += s == null ? 0 : s.length();
            }
            if (l.source() != null) {
                chars += length(l.source().channel()) + length(l.source().campaign());
            }
            long bytes = 400;
            for (Map.Entry<String, String> a : l.attributes().entrySet()) {
                chars += length(a.getKey()) + length(a.getValue());
                bytes += 6;
            }
            return bytes + 6 * chars;
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
        }
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
     * The rows of one import, in their order, as few events as {@link #MAX_ROWS} and {@link #MAX_ROW_BYTES} allow
     * (a row is never split; one larger than the byte budget travels alone).
     */
    public static List<ImportBatchReceived> of(UUID importId, UUID poolId, String receivedBy, Instant receivedAt,
            List<ImportedLead> rows) {
        List<ImportBatchReceived> events = new ArrayList<>();
        List<ImportedLead> current = new ArrayList<>();
        long bytes = 0;
        for (ImportedLead row : rows) {
            long size = row.maxJsonBytes();
            if (!current.isEmpty() && (current.size() == MAX_ROWS || bytes + size > MAX_ROW_BYTES)) {
                events.add(new ImportBatchReceived(Uuid7.next(), importId, poolId, receivedBy, receivedAt, current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(row);
            bytes += size;
        }
        if (!current.isEmpty()) {
            events.add(new ImportBatchReceived(Uuid7.next(), importId, poolId, receivedBy, receivedAt, current));
        }
        return events;
    }
}
