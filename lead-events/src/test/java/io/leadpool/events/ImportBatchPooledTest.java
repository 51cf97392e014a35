package io.leadpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportBatchPooledTest {

    private static final UUID IMPORT = Uuid7.next();

    private static List<LeadPooled> leads(int count) {
        Instant at = Instant.parse("2026-11-30T12:00:00.123456Z");
        List<LeadPooled> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new LeadPooled(Uuid7.next(), Uuid7.next(), 0, at));
        }
        return out;
    }

    @Test
    void a_full_batch_of_new_leads_is_one_event_that_keeps_each_leads_pooled_event_whole() {
        List<LeadPooled> leads = leads(ImportBatchReceived.MAX_ROWS);
        List<ImportBatchPooled> events = ImportBatchPooled.of(IMPORT, leads);

        assertThat(events).hasSize(1);
        ImportBatchPooled event = events.get(0);
        assertThat(event.importId()).isEqualTo(IMPORT);
        assertThat(event.leads()).containsExactlyElementsOf(leads);

        String json = EventCodec.toJson(EventCodec.wrap("/pool-service", "acme", event.batchId().toString(), event, null));
        assertThat((long) json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(EventBatches.MAX_ROW_BYTES);
        EventEnvelope parsed = EventCodec.parse(json);
        assertThat(parsed.eventType()).contains(EventType.IMPORT_BATCH_POOLED);
        assertThat(parsed.eventType().get().topic()).isEqualTo(Topics.POOL_EVENTS);
        assertThat(EventCodec.payload(parsed, ImportBatchPooled.class)).isEqualTo(event);
    }

    @Test
    void more_leads_than_an_event_may_carry_go_in_several_in_their_order() {
        List<LeadPooled> leads = leads(2001);
        List<ImportBatchPooled> events = ImportBatchPooled.of(IMPORT, leads);

        assertThat(events.stream().map(e -> e.leads().size())).containsExactly(1000, 1000, 1);
        assertThat(events.stream().map(ImportBatchPooled::batchId).distinct()).hasSize(3);
        assertThat(events.stream().flatMap(e -> e.leads().stream())).containsExactlyElementsOf(leads);
    }
}
