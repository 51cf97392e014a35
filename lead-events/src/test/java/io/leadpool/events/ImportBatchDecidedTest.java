package io.leadpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportBatchDecidedTest {

    private static final UUID IMPORT = Uuid7.next();
    private static final LeadDetails LEAD = new LeadDetails("李雷", "上海星辰科技有限公司", "13800138000", null, "上海",
            null, null, new LeadDetails.LeadSource("import", null), Map.of("备注", "展会"));

    private static ImportRow row(long n) {
        return new ImportRow(IMPORT, n, null);
    }

    private static List<Record> decisions(int count) {
        List<Record> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(switch (i % 3) {
                case 0 -> new LeadDuplicateDetected(Uuid7.next(), Uuid7.next(), List.of("PHONE"), LEAD, 1.0, row(i));
                case 1 -> new LeadAccepted(Uuid7.next(), Uuid7.next(), LEAD, "+8613800138000", null, row(i), null);
                default -> new LeadRejected(Uuid7.next(), List.of(new LeadRejected.Violation("phone", "not a valid phone")),
                        row(i));
            });
        }
        return out;
    }

    @Test
    void the_decisions_on_a_batch_of_rows_are_one_event_that_keeps_each_decision_whole() {
        List<Record> decisions = decisions(999);
        List<ImportBatchDecided> events = ImportBatchDecided.of(IMPORT, decisions);

        assertThat(events).hasSize(1);
        ImportBatchDecided event = events.get(0);
        assertThat(event.accepted()).hasSize(333).first().isEqualTo(decisions.get(0));
        assertThat(event.rejected()).hasSize(333).first().isEqualTo(decisions.get(1));
        assertThat(event.duplicates()).hasSize(333).first().isEqualTo(decisions.get(2));

        EventEnvelope parsed = EventCodec.parse(EventCodec.toJson(EventCodec.wrap("/dedup-service", "acme",
                event.batchId().toString(), event, null)));
        assertThat(parsed.eventType()).contains(EventType.IMPORT_BATCH_DECIDED);
        assertThat(EventCodec.payload(parsed, ImportBatchDecided.class)).isEqualTo(event);
    }

    @Test
    void more_decisions_than_an_event_may_carry_go_in_several_and_none_is_lost() {
        List<Record> decisions = decisions(2500);
        List<ImportBatchDecided> events = ImportBatchDecided.of(IMPORT, decisions);

        assertThat(events).hasSize(3);
        assertThat(events.stream().mapToInt(e -> e.accepted().size() + e.duplicates().size() + e.rejected().size()))
                .containsExactly(1000, 1000, 500);
        List<Record> all = new ArrayList<>();
        events.forEach(e -> {
            all.addAll(e.accepted());
            all.addAll(e.duplicates());
            all.addAll(e.rejected());
        });
        assertThat(all).containsExactlyInAnyOrderElementsOf(decisions);
    }

    @Test
    void a_consumer_reads_the_same_decisions_from_single_events_and_from_a_batch() {
        List<Record> decisions = decisions(3);
        ImportBatchDecided batch = ImportBatchDecided.of(IMPORT, decisions).get(0);
        assertThat(ImportBatchDecided.decisionsIn(envelope(batch))).containsExactly(decisions.get(0), decisions.get(2),
                decisions.get(1));
        for (Record single : decisions) {
            assertThat(ImportBatchDecided.decisionsIn(envelope(single))).containsExactly(single);
        }
        assertThat(ImportBatchDecided.decisionsIn(envelope(new ConflictResolved(Uuid7.next(), Uuid7.next(),
                Uuid7.next(), ConflictResolved.Action.KEEP_BOTH, "alice", java.time.Instant.now())))).isEmpty();
        EventEnvelope unknown = envelope(decisions.get(0));
        EventEnvelope renamed = new EventEnvelope(unknown.specversion(), unknown.id(), "io.leadpool.lead.unknown.v9",
                unknown.source(), unknown.subject(), unknown.time(), unknown.datacontenttype(), unknown.tenantid(),
                unknown.traceparent(), unknown.data());
        assertThatThrownBy(() -> ImportBatchDecided.decisionsIn(renamed))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    private static EventEnvelope envelope(Record payload) {
        return EventCodec.parse(EventCodec.toJson(EventCodec.wrap("/dedup-service", "acme", "x", payload, null)));
    }

    @Test
    void a_decision_on_another_import_or_on_no_import_is_refused() {
        Record other = new LeadAccepted(Uuid7.next(), Uuid7.next(), LEAD, null, null, new ImportRow(Uuid7.next(), 1, null),
                null);
        assertThatThrownBy(() -> ImportBatchDecided.of(IMPORT, List.of(other))).isInstanceOf(IllegalArgumentException.class);
        Record none = new LeadAccepted(Uuid7.next(), Uuid7.next(), LEAD, null, null);
        assertThatThrownBy(() -> ImportBatchDecided.of(IMPORT, List.of(none))).isInstanceOf(IllegalArgumentException.class);
    }
}
