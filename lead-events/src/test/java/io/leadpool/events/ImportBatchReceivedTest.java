package io.leadpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ImportBatchReceivedTest {

    private static final UUID IMPORT = Uuid7.next();
    private static final UUID POOL = Uuid7.next();
    private static final Instant AT = Instant.parse("2026-11-30T08:00:00Z");

    private static ImportBatchReceived.ImportedLead row(long n, LeadDetails lead) {
        return new ImportBatchReceived.ImportedLead(Uuid7.next(), n, lead);
    }

    private static LeadDetails lead(String name, Map<String, String> attributes) {
        return new LeadDetails(name, "上海星辰科技有限公司", "13800138000", null, "上海", null, null,
                new LeadDetails.LeadSource("import", null), attributes);
    }

    private static List<ImportBatchReceived.ImportedLead> rows(int count, LeadDetails lead) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> row(i, lead)).toList();
    }

    @Test
    void a_batch_of_ordinary_rows_is_one_event_whose_rows_are_the_leads_dedup_decides() {
        List<ImportBatchReceived.ImportedLead> rows = rows(1000, lead("李雷", null));
        List<ImportBatchReceived> events = ImportBatchReceived.of(IMPORT, POOL, "alice", AT, rows);

        assertThat(events).hasSize(1);
        List<LeadReceived> leads = events.get(0).received();
        assertThat(leads).hasSize(1000);
        assertThat(leads.get(41)).isEqualTo(new LeadReceived(rows.get(41).intakeId(), rows.get(41).lead(), "alice", AT,
                new ImportRow(IMPORT, 42, POOL)));
    }

    @Test
    void more_rows_than_an_event_may_carry_go_in_events_of_at_most_that_many_in_their_order() {
        List<ImportBatchReceived.ImportedLead> rows = rows(2 * ImportBatchReceived.MAX_ROWS + 1, lead("李雷", null));
        List<ImportBatchReceived> events = ImportBatchReceived.of(IMPORT, null, "alice", AT, rows);

        assertThat(events).extracting(e -> e.rows().size()).containsExactly(1000, 1000, 1);
        assertThat(events.stream().flatMap(e -> e.rows().stream()).toList()).isEqualTo(rows);
        assertThat(events).extracting(ImportBatchReceived::batchId).doesNotHaveDuplicates();
    }

    @Test
    void rows_as_large_as_intake_lets_them_be_are_split_so_that_each_event_stays_below_a_kafka_record() {
        // Intake's largest row: 50 attributes of 500 characters, each written as six characters in JSON.
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            attributes.put("column " + i, "\u0001".repeat(500));
        }
        List<ImportBatchReceived.ImportedLead> rows = rows(1000, lead("\u0001".repeat(500), attributes));
        List<ImportBatchReceived> events = ImportBatchReceived.of(IMPORT, POOL, "alice", AT, rows);

        assertThat(events.size()).isGreaterThan(1);
        List<ImportBatchReceived.ImportedLead> all = new ArrayList<>();
        for (ImportBatchReceived e : events) {
            String json = EventCodec.toJson(EventCodec.wrap("/lead-intake-service", "acme", e.batchId().toString(), e,
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
            assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(1_000_000);
            all.addAll(e.rows());
        }
        assertThat(all).isEqualTo(rows);
    }

    @Test
    void a_row_larger_than_the_budget_still_travels_alone() {
        ImportBatchReceived.ImportedLead huge = row(1, lead("x".repeat(200_000), null));
        List<ImportBatchReceived> events = ImportBatchReceived.of(IMPORT, POOL, "alice", AT,
                List.of(row(1, lead("a", null)), huge, row(3, lead("b", null))));
        assertThat(events).extracting(e -> e.rows().size()).containsExactly(1, 1, 1);
    }

    @Test
    void the_event_survives_the_round_trip_through_json() {
        ImportBatchReceived event = ImportBatchReceived.of(IMPORT, POOL, "alice", AT,
                rows(3, lead("韩梅梅", Map.of("备注", "展会")))).get(0);
        EventEnvelope parsed = EventCodec.parse(EventCodec.toJson(EventCodec.wrap("/x", "acme",
                event.batchId().toString(), event, null)));
        assertThat(parsed.eventType()).contains(EventType.IMPORT_BATCH_RECEIVED);
        assertThat(EventCodec.payload(parsed, ImportBatchReceived.class)).isEqualTo(event);
        assertThat(parsed.data().has("received")).as("a derived view, not a field").isFalse();
    }
}
