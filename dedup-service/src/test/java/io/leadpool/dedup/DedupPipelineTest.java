package io.leadpool.dedup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealServers.class)
class DedupPipelineTest {

    @Inject
    IdempotentConsumer consumer;
    @Inject
    DedupService dedup;

    static LeadDetails person(String phone, String email) {
        return new LeadDetails("Li Lei", "Acme Trading", phone, email, "Shanghai", "finance", null,
                new LeadDetails.LeadSource("web", null), null);
    }

    static UUID receive(String tenant, LeadDetails lead) {
        UUID intakeId = Uuid7.next();
        TestTopics.publish(tenant, intakeId, new LeadReceived(intakeId, lead, "someone", Instant.now()));
        return intakeId;
    }

    static EventEnvelope outcomeOf(UUID intakeId) {
        return TestTopics.await(Topics.DEDUP_OUTCOMES,
                e -> e.data().path("intakeId").asText().equals(intakeId.toString()), Duration.ofSeconds(30));
    }

    @Test
    void a_new_person_is_accepted_with_normalised_keys() {
        UUID intakeId = receive("acme", person("+86 139 0000 0001", "New.Person@Example.com"));
        EventEnvelope outcome = outcomeOf(intakeId);
        assertThat(outcome.eventType()).contains(EventType.LEAD_ACCEPTED);
        LeadAccepted accepted = EventCodec.payload(outcome, LeadAccepted.class);
        assertThat(accepted.normalizedPhone()).isEqualTo("+8613900000001");
        assertThat(accepted.normalizedEmail()).isEqualTo("new.person@example.com");
        assertThat(accepted.leadId().version()).isEqualTo(7);
        assertThat(outcome.subject()).isEqualTo(accepted.leadId().toString());
    }

    @Test
    void the_same_person_written_differently_is_a_duplicate_of_the_first() {
        UUID first = receive("acme", person("+86 139 0000 0002", "dup.person@example.com"));
        UUID leadId = EventCodec.payload(outcomeOf(first), LeadAccepted.class).leadId();

        UUID second = receive("acme", person("0086-139-0000-0002", "DUP.PERSON@EXAMPLE.COM"));
        EventEnvelope outcome = outcomeOf(second);
        assertThat(outcome.eventType()).contains(EventType.LEAD_DUPLICATE_DETECTED);
        LeadDuplicateDetected duplicate = EventCodec.payload(outcome, LeadDuplicateDetected.class);
        assertThat(duplicate.duplicateOf()).isEqualTo(leadId);
        assertThat(duplicate.matchedOn()).containsExactlyInAnyOrder("PHONE", "EMAIL");
    }

    @Test
    void a_new_email_on_a_known_phone_joins_the_known_lead() {
        UUID first = receive("acme", person("+86 139 0000 0003", null));
        UUID leadId = EventCodec.payload(outcomeOf(first), LeadAccepted.class).leadId();
        UUID second = receive("acme", person("13900000003", "joined@example.com"));
        assertThat(EventCodec.payload(outcomeOf(second), LeadDuplicateDetected.class).matchedOn()).containsExactly("PHONE");
        UUID third = receive("acme", person(null, "joined@example.com"));
        LeadDuplicateDetected byEmail = EventCodec.payload(outcomeOf(third), LeadDuplicateDetected.class);
        assertThat(byEmail.duplicateOf()).isEqualTo(leadId);
        assertThat(byEmail.matchedOn()).containsExactly("EMAIL");
    }

    @Test
    void tenants_do_not_share_identities() {
        UUID inAcme = receive("acme", person("+86 139 0000 0004", null));
        UUID inGlobex = receive("globex", person("+86 139 0000 0004", null));
        assertThat(outcomeOf(inAcme).eventType()).contains(EventType.LEAD_ACCEPTED);
        assertThat(outcomeOf(inGlobex).eventType()).contains(EventType.LEAD_ACCEPTED);
    }

    @Test
    void a_lead_without_a_usable_phone_or_email_is_rejected_naming_the_field() {
        UUID intakeId = receive("acme", person("12345", null));
        EventEnvelope outcome = outcomeOf(intakeId);
        assertThat(outcome.eventType()).contains(EventType.LEAD_REJECTED);
        assertThat(EventCodec.payload(outcome, LeadRejected.class).violations())
                .extracting(LeadRejected.Violation::field).containsExactly("phone");
    }

    @Test
    void the_same_person_arriving_twice_at_the_same_moment_yields_one_lead() throws Exception {
        LeadDetails lead = person("+86 139 0000 0005", "race@example.com");
        List<String> events = List.of(envelope(lead), envelope(lead), envelope(lead), envelope(lead));
        CyclicBarrier start = new CyclicBarrier(events.size());
        List<CompletableFuture<Void>> runs = events.stream().map(json -> CompletableFuture.runAsync(() -> {
            try {
                start.await();
                VertxContextSupport.subscribeAndAwait(() -> consumer.consume("test.race", json,
                        e -> dedup.decideAll("acme", List.of(EventCodec.payload(e, LeadReceived.class))).replaceWithVoid()));
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        })).toList();
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();

        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select count(distinct lead_id), count(*) from identity_key where tenant_id = 'acme'"
                        + " and value in ('+8613900000005', 'race@example.com')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("distinct leads").isEqualTo(1);
            assertThat(rs.getInt(2)).as("keys").isEqualTo(2);
        }
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select outcome, count(*) from decision d join identity_key k on k.lead_id = d.lead_id"
                        + " and k.kind = 'PHONE' where k.value = '+8613900000005' group by outcome order by outcome")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ACCEPTED");
            assertThat(rs.getInt(2)).isEqualTo(1);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("DUPLICATE");
            assertThat(rs.getInt(2)).isEqualTo(3);
        }
    }

    @Test
    void a_redelivered_event_is_decided_once() throws Throwable {
        String json = envelope(person("+86 139 0000 0006", null));
        for (int i = 0; i < 3; i++) {
            VertxContextSupport.subscribeAndAwait(() -> consumer.consume("test.redelivery", json,
                    e -> dedup.decideAll("acme", List.of(EventCodec.payload(e, LeadReceived.class))).replaceWithVoid()));
        }
        UUID intakeId = EventCodec.payload(EventCodec.parse(json), LeadReceived.class).intakeId();
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from decision where intake_id = '" + intakeId + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void the_rows_of_an_import_batch_are_decided_together_and_once_even_when_the_batch_comes_again() throws Exception {
        UUID importId = Uuid7.next();
        UUID poolId = Uuid7.next();
        List<ImportBatchReceived.ImportedLead> rows = List.of(
                new ImportBatchReceived.ImportedLead(Uuid7.next(), 7, person("+86 139 0000 0011", null)),
                new ImportBatchReceived.ImportedLead(Uuid7.next(), 8, person("0086 139 0000 0011", "b@example.com")),
                new ImportBatchReceived.ImportedLead(Uuid7.next(), 9, person("12345", null)));
        ImportBatchReceived batch = ImportBatchReceived.of(importId, poolId, "uploader", Instant.now(), rows).get(0);
        EventEnvelope event = TestTopics.publish("acme", batch.batchId(), batch);

        ImportBatchDecided decided = EventCodec.payload(TestTopics.await(Topics.DEDUP_OUTCOMES,
                e -> importId.toString().equals(e.data().path("importId").asText()), Duration.ofSeconds(30)),
                ImportBatchDecided.class);
        assertThat(decided.accepted()).singleElement().satisfies(a -> {
            assertThat(a.intakeId()).isEqualTo(rows.get(0).intakeId());
            assertThat(a.importRow()).isEqualTo(new ImportRow(importId, 7, poolId));
            assertThat(a.normalizedPhone()).isEqualTo("+8613900000011");
        });
        assertThat(decided.duplicates()).singleElement().satisfies(d -> {
            assertThat(d.duplicateOf()).as("the row before it in the same event")
                    .isEqualTo(decided.accepted().get(0).leadId());
            assertThat(d.importRow().row()).isEqualTo(8);
        });
        assertThat(decided.rejected()).singleElement().satisfies(r -> assertThat(r.importRow().row()).isEqualTo(9));

        // Kafka delivers at least once: the same event again (same id) decides nothing again. A lead sent after it on
        // the same partition (same key) is decided after the repeat was consumed.
        String key = Topics.key("acme", batch.batchId());
        TestTopics.send(Topics.LEAD_RECEIVED, key, EventCodec.toJson(event));
        UUID marker = Uuid7.next();
        TestTopics.send(Topics.LEAD_RECEIVED, key, EventCodec.toJson(EventCodec.wrap("/test", "acme", marker.toString(),
                new LeadReceived(marker, person("+86 139 0000 0012", null), "someone", Instant.now()), null)));
        assertThat(outcomeOf(marker).eventType()).as("a lead of its own is decided in an event of its own")
                .contains(EventType.LEAD_ACCEPTED);
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from decision where intake_id in ('" + rows.get(0).intakeId() + "', '"
                        + rows.get(1).intakeId() + "', '" + rows.get(2).intakeId() + "')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        assertThat(TestTopics.all(Topics.DEDUP_OUTCOMES, e -> importId.toString().equals(e.data().path("importId")
                .asText()), Duration.ofMillis(500))).hasSize(1);
    }

    @Test
    void a_rep_can_check_for_a_duplicate_before_creating_a_lead() {
        UUID first = receive("acme", person("+86 139 0000 0007", "check@example.com"));
        UUID leadId = EventCodec.payload(outcomeOf(first), LeadAccepted.class).leadId();
        given().auth().oauth2(TestTokens.token("acme", "bob", "sales-rep")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0086 139 0000 0007\"}")
                .post("/api/v1/dedup/check")
                .then().statusCode(200).body("duplicate", equalTo(true))
                .body("normalizedPhone", equalTo("+8613900000007"))
                .body("matches[0].leadId", equalTo(leadId.toString()))
                .body("matches[0].matchedOn", hasItem("PHONE"));
        given().auth().oauth2(TestTokens.token("globex", "bob", "sales-rep")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0086 139 0000 0007\"}")
                .post("/api/v1/dedup/check")
                .then().statusCode(200).body("duplicate", equalTo(false));
        given().auth().oauth2(TestTokens.token("acme", "gw", "lead-source")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0086 139 0000 0007\"}")
                .post("/api/v1/dedup/check").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"phone\":\"1\"}").post("/api/v1/dedup/check")
                .then().statusCode(401);
    }

    private static String envelope(LeadDetails lead) {
        UUID intakeId = Uuid7.next();
        return EventCodec.toJson(EventCodec.wrap("/test", "acme", intakeId.toString(),
                new LeadReceived(intakeId, lead, "someone", Instant.now()), null));
    }
}
