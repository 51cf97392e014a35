package io.leadpool.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final LeadDetails LEAD = new LeadDetails("Li Lei", "Acme", "+86 138 0013 8000", "li@example.com",
            "Shanghai", "finance", null, new LeadDetails.LeadSource("web", "spring"), Map.of("size", "50"));

    @Test
    void an_event_survives_the_round_trip_through_json() {
        LeadReceived received = new LeadReceived(Uuid7.next(), LEAD, "user-1", Instant.parse("2026-01-02T03:04:05Z"));
        EventEnvelope envelope = EventCodec.wrap("/lead-intake-service", "acme", received.intakeId().toString(),
                received, null);

        EventEnvelope parsed = EventCodec.parse(EventCodec.toJson(envelope));

        assertThat(parsed.specversion()).isEqualTo("1.0");
        assertThat(parsed.type()).isEqualTo("io.leadpool.lead.received.v1");
        assertThat(parsed.tenantid()).isEqualTo("acme");
        assertThat(parsed.eventType()).contains(EventType.LEAD_RECEIVED);
        assertThat(EventCodec.payload(parsed, LeadReceived.class)).isEqualTo(received);
    }

    @Test
    void an_encoded_event_is_the_wrapped_envelope_as_json() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        UUID lead = UUID.randomUUID();
        for (Record payload : List.<Record>of(
                new LeadReceived(Uuid7.next(), LEAD, "user-1", Instant.parse("2026-01-02T03:04:05.120Z")),
                new OwnershipChanged(lead, UUID.randomUUID(), "RECYCLED", "rep-1", null, "system:scheduler",
                        "NO_FOLLOW_UP", 7, LeadDeadlines.NONE, Instant.parse("2026-01-02T03:04:05Z")))) {
            EventCodec.Encoded encoded = EventCodec.encode("/pool-service", "acme", lead.toString(), payload, "00-ab-cd-01");
            String wrapped = EventCodec.toJson(EventCodec.wrap("/pool-service", "acme", lead.toString(), payload,
                    "00-ab-cd-01"));

            var fromEncode = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(encoded.json());
            var fromWrap = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(wrapped);
            assertThat(fromEncode.remove("id").asText()).isEqualTo(encoded.id());
            fromWrap.remove("id");
            assertThat(fromEncode.remove("time").asText()).isNotBlank();
            fromWrap.remove("time");
            assertThat(fromEncode).isEqualTo(fromWrap);
            assertThat(EventCodec.payload(EventCodec.parse(encoded.json()), payload.getClass())).isEqualTo(payload);
        }
    }

    @Test
    void the_envelope_carries_no_null_attributes() {
        String json = EventCodec.toJson(EventCodec.wrap("/x", "acme", null,
                new RecycleDue(UUID.randomUUID(), 3, "NO_FOLLOW_UP", Instant.now()), null));
        assertThat(json).doesNotContain("null").doesNotContain("traceparent").doesNotContain("subject");
    }

    @Test
    void garbage_is_refused_as_malformed() {
        assertThatThrownBy(() -> EventCodec.parse("not json")).isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.parse("{\"id\":\"1\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void uncatalogued_payloads_are_refused() {
        record Stranger(String x) {
        }
        assertThatThrownBy(() -> EventCodec.wrap("/x", "acme", null, new Stranger("y"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uuid7_are_version_7_variant_2_and_ordered_by_time() throws InterruptedException {
        UUID a = Uuid7.next();
        Thread.sleep(2); // two different milliseconds, not an asynchronous wait
        UUID b = Uuid7.next();
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(a.getMostSignificantBits() >>> 16).isLessThan(b.getMostSignificantBits() >>> 16);
        Set<UUID> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(Uuid7.next());
        }
        assertThat(many).hasSize(10_000);
    }

    @Test
    void topic_keys_keep_a_tenants_aggregate_together() {
        UUID id = UUID.fromString("0190d5f0-0000-7000-8000-000000000001");
        assertThat(Topics.key("acme", id)).isEqualTo("acme:0190d5f0-0000-7000-8000-000000000001");
        assertThat(List.of(EventType.values())).allMatch(t -> t.topic().startsWith("lead-"));
    }
}
