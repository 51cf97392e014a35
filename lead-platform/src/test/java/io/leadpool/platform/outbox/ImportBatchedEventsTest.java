package io.leadpool.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.ImportBatchPooled;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.Uuid7;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportBatchedEventsTest {

    private static final UUID POOL = Uuid7.next();
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    private static LeadPooled pooled() {
        return new LeadPooled(Uuid7.next(), POOL, 0, AT);
    }

    @Test
    void a_lead_alone_is_its_own_event_and_the_rows_of_each_import_go_together_keyed_by_their_batch() {
        UUID first = Uuid7.next();
        UUID second = Uuid7.next();
        ImportBatchedEvents<LeadPooled, ImportBatchPooled> events = new ImportBatchedEvents<>("acme",
                ImportBatchPooled::of);
        LeadPooled alone = pooled();
        List<LeadPooled> ofFirst = new ArrayList<>();
        List<LeadPooled> ofSecond = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            LeadPooled p = pooled();
            boolean one = i % 3 != 0;
            (one ? ofFirst : ofSecond).add(p);
            events.add(new ImportRow(one ? first : second, i + 1, null), p.leadId(), p);
            if (i == 700) {
                events.add(null, alone.leadId(), alone);
            }
        }

        List<Outbox.Pending> pending = events.pending();

        assertThat(pending.get(0)).isEqualTo(new Outbox.Pending("acme", alone.leadId(), alone));
        List<Outbox.Pending> batches = pending.subList(1, pending.size());
        assertThat(batches).allSatisfy(p -> {
            assertThat(p.tenantId()).isEqualTo("acme");
            assertThat(p.aggregateId()).isEqualTo(((ImportBatchPooled) p.payload()).batchId());
        });
        // each import's rows in one event (1,000 and 500), the imports in the order of their first row: row 1 is the
        // second import's
        assertThat(batches.stream().map(p -> ((ImportBatchPooled) p.payload()))
                .map(b -> b.importId().equals(first) ? "first:" + b.leads().size() : "second:" + b.leads().size()))
                .containsExactly("second:500", "first:1000");
        assertThat(batches.stream().flatMap(p -> ((ImportBatchPooled) p.payload()).leads().stream()))
                .containsExactlyElementsOf(concat(ofSecond, ofFirst));
    }

    private static List<LeadPooled> concat(List<LeadPooled> a, List<LeadPooled> b) {
        List<LeadPooled> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
