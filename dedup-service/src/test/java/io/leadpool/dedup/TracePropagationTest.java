package io.leadpool.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * One trace through a service: the decision on a lead continues the trace its LeadReceived carried in its
 * {@code traceparent} header (consumer span, outbox row, relay's producer span), lead by lead even when
 * several leads of different traces are decided in one batch.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class TracePropagationTest {

    @Test
    void each_decision_continues_the_trace_of_the_lead_it_decides() {
        Map<UUID, String> traceOf = new HashMap<>();
        List<UUID> intakes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID intakeId = Uuid7.next();
            String traceId = UUID.randomUUID().toString().replace("-", "");
            String spanId = traceId.substring(0, 16);
            LeadReceived received = new LeadReceived(intakeId, DedupPipelineTest.person("+86 139 7777 000" + i,
                    "trace" + i + "@example.com"), "someone", Instant.now());
            TestTopics.send(Topics.LEAD_RECEIVED, Topics.key("acme", intakeId),
                    EventCodec.toJson(EventCodec.wrap("/test", "acme", intakeId.toString(), received, null)),
                    Map.of("traceparent", "00-" + traceId + "-" + spanId + "-01"));
            traceOf.put(intakeId, traceId);
            intakes.add(intakeId);
        }
        for (UUID intakeId : intakes) {
            ConsumerRecord<String, String> decision = TestTopics.awaitRecord(Topics.DEDUP_OUTCOMES,
                    e -> e.data().path("intakeId").asText().equals(intakeId.toString()), Duration.ofSeconds(30));
            assertThat(EventCodec.parse(decision.value()).eventType()).contains(EventType.LEAD_ACCEPTED);
            var header = decision.headers().lastHeader("traceparent");
            assertThat(header).as("traceparent of the decision on " + intakeId).isNotNull();
            String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
            assertThat(parts[1]).as("trace id").isEqualTo(traceOf.get(intakeId));
            assertThat(parts[2]).as("a span of its own").isNotEqualTo(traceOf.get(intakeId).substring(0, 16));
        }
        // The decisions are counted for operators (docs/operations.md).
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^leadpool_dedup_decisions_total\\{[^}]*decision=\"NEW\"[^}]*} [1-9]");
    }
}
