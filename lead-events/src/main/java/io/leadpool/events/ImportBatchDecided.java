package io.leadpool.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dedup's decisions on rows of one import, together: one event (one outbox row, one Kafka record, one inbox row in
 * each consumer) for what would otherwise be as many {@link LeadAccepted}, {@link LeadDuplicateDetected} and
 * {@link LeadRejected} events, each of which it holds as that event would have said it (with its {@link ImportRow}).
 */
public record ImportBatchDecided(UUID batchId, UUID importId, List<LeadAccepted> accepted,
        List<LeadDuplicateDetected> duplicates, List<LeadRejected> rejected) implements ImportBatch {

    public ImportBatchDecided {
        accepted = List.copyOf(accepted);
        duplicates = List.copyOf(duplicates);
        rejected = List.copyOf(rejected);
    }

    /**
     * The decisions on rows of one import, in as few events as {@link EventBatches#runs} allows.
     *
     * @param decisions {@link LeadAccepted}, {@link LeadDuplicateDetected} or {@link LeadRejected}, each with an
     *                  {@link ImportRow} of {@code importId}
     */
    public static List<ImportBatchDecided> of(UUID importId, List<Record> decisions) {
        List<ImportBatchDecided> events = new ArrayList<>();
        for (List<Record> run : EventBatches.runs(decisions, ImportBatchDecided::maxJsonBytes)) {
            List<LeadAccepted> accepted = new ArrayList<>();
            List<LeadDuplicateDetected> duplicates = new ArrayList<>();
            List<LeadRejected> rejected = new ArrayList<>();
            for (Record d : run) {
                ImportRow row;
                if (d instanceof LeadAccepted a) {
                    accepted.add(a);
                    row = a.importRow();
                } else if (d instanceof LeadDuplicateDetected dup) {
                    duplicates.add(dup);
                    row = dup.importRow();
                } else if (d instanceof LeadRejected r) {
                    rejected.add(r);
                    row = r.importRow();
                } else {
                    throw new IllegalArgumentException("not a decision: " + d.getClass().getSimpleName());
                }
                if (row == null || !importId.equals(row.importId())) {
                    throw new IllegalArgumentException("a decision on a row of another import: " + row);
                }
            }
            events.add(new ImportBatchDecided(Uuid7.next(), importId, accepted, duplicates, rejected));
        }
        return events;
    }

    /**
     * The decisions an outcome event of dedup carries, for a consumer that applies each whatever event brought it: the
     * payload of a {@link LeadAccepted}, {@link LeadDuplicateDetected} or {@link LeadRejected}; the accepted, duplicate
     * and rejected rows of an {@code ImportBatchDecided}, in that order; nothing for another outcome (a conflict's
     * resolution). Throws {@link EventCodec.MalformedEventException} for a type this build does not know.
     */
    public static List<Record> decisionsIn(EventEnvelope event) {
        return switch (event.eventType().orElseThrow(() -> new EventCodec.MalformedEventException(event.type()))) {
            case LEAD_ACCEPTED -> List.of(EventCodec.payload(event, LeadAccepted.class));
            case LEAD_DUPLICATE_DETECTED -> List.of(EventCodec.payload(event, LeadDuplicateDetected.class));
            case LEAD_REJECTED -> List.of(EventCodec.payload(event, LeadRejected.class));
            case IMPORT_BATCH_DECIDED -> {
                ImportBatchDecided batch = EventCodec.payload(event, ImportBatchDecided.class);
                List<Record> all = new ArrayList<>(batch.accepted());
                all.addAll(batch.duplicates());
                all.addAll(batch.rejected());
                yield all;
            }
            default -> List.of();
        };
    }

    private static long maxJsonBytes(Record decision) {
        if (decision instanceof LeadAccepted a) {
            return a.lead().maxJsonBytes();
        }
        if (decision instanceof LeadDuplicateDetected d && d.lead() != null) {
            return d.lead().maxJsonBytes();
        }
        if (decision instanceof LeadRejected r) {
            long chars = 0;
            for (LeadRejected.Violation v : r.violations()) {
                chars += v.field().length() + v.reason().length();
            }
            return 400 + 6 * chars;
        }
        return 400;
    }
}
