package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.newLead;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.events.ConflictResolved;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportBatchPooled;
import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How leads enter: into the pool an import asked for; and how a resolved company conflict ends one. */
@QuarkusTest
@WithTestResource(RealServers.class)
class PoolEntryTest {

    private static final String TENANT = "acme";

    @Test
    void an_imported_lead_goes_to_the_pool_the_import_asked_for_and_an_unknown_pool_falls_back_to_routing() {
        String poolId = given().auth().oauth2(admin(TENANT)).contentType(ContentType.JSON)
                .body("{\"name\":\"Trade show 2026\",\"scope\":{\"roles\":[\"sales-rep\"]}}")
                .post("/api/v1/pools").then().statusCode(201).extract().path("id");
        UUID importId = Uuid7.next();
        UUID leadId = Uuid7.next();
        LeadDetails details = new LeadDetails("王五", "某某科技", "+8613800138555", null, "上海", null, null,
                new LeadDetails.LeadSource("import", "expo"), Map.of());
        TestTopics.publish(TENANT, leadId, new LeadAccepted(Uuid7.next(), leadId, details, "+8613800138555", null,
                new ImportRow(importId, 1, UUID.fromString(poolId)), null));
        UUID stray = Uuid7.next();
        TestTopics.publish(TENANT, stray, new LeadAccepted(Uuid7.next(), stray, details, "+8613800138556", null,
                new ImportRow(importId, 2, Uuid7.next()), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200).body("poolId", equalTo(poolId)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}", stray).then().statusCode(200)
                .body("poolId", equalTo(PoolFixture.defaultPool(TENANT))));
    }

    @Test
    void an_imports_decisions_come_in_one_event_its_new_leads_enter_and_its_duplicates_touch_their_lead_once() {
        UUID existing = newLead(TENANT, "Hooli Trading");
        UUID importId = Uuid7.next();
        UUID first = Uuid7.next();
        UUID second = Uuid7.next();
        LeadDetails details = new LeadDetails("赵六", "某某贸易", "+8613800138557", null, "上海", null, null,
                new LeadDetails.LeadSource("import", "expo"), Map.of());
        ImportBatchDecided batch = ImportBatchDecided.of(importId, List.of(
                new LeadAccepted(Uuid7.next(), first, details, "+8613800138557", null, new ImportRow(importId, 1, null),
                        null),
                new LeadDuplicateDetected(Uuid7.next(), existing, List.of("PHONE"), details, 1.0,
                        new ImportRow(importId, 2, null)),
                new LeadAccepted(Uuid7.next(), second, details, "+8613800138558", null, new ImportRow(importId, 3, null),
                        null),
                new LeadRejected(Uuid7.next(), List.of(new LeadRejected.Violation("phone", "not a valid phone number")),
                        new ImportRow(importId, 4, null)))).get(0);
        EventEnvelope sent = TestTopics.publish(TENANT, batch.batchId(), batch);
        // Delivered again, then a lead on the same partition: once that lead is in, the repeat has been consumed.
        String key = Topics.key(TENANT, batch.batchId());
        TestTopics.send(Topics.DEDUP_OUTCOMES, key, EventCodec.toJson(sent));
        UUID marker = Uuid7.next();
        TestTopics.send(Topics.DEDUP_OUTCOMES, key, EventCodec.toJson(EventCodec.wrap("/test", TENANT, marker.toString(),
                new LeadAccepted(Uuid7.next(), marker, details, "+8613800138559", null), null)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}", marker).then().statusCode(200));
        for (UUID lead : List.of(first, second)) {
            given().auth().oauth2(admin(TENANT)).get("/api/v1/leads/{id}", lead).then().statusCode(200)
                    .body("state", equalTo("IN_POOL"));
        }
        given().auth().oauth2(admin(TENANT)).get("/api/v1/leads/{id}/history", existing).then().statusCode(200)
                .body("findAll { it.action == 'TOUCHED' }.size()", equalTo(1));
        // The import's new leads are announced together, the lead that came alone by its own LeadPooled.
        var pooled = TestTopics.awaitRecord(Topics.POOL_EVENTS, e -> e.eventType()
                .filter(EventType.IMPORT_BATCH_POOLED::equals).isPresent()
                && EventCodec.payload(e, ImportBatchPooled.class).importId().equals(importId), Duration.ofSeconds(20));
        assertThat(EventCodec.payload(EventCodec.parse(pooled.value()), ImportBatchPooled.class).leads())
                .extracting(LeadPooled::leadId).containsExactly(first, second);
        TestTopics.awaitRecord(Topics.POOL_EVENTS, e -> marker.toString().equals(e.subject())
                && e.eventType().filter(EventType.LEAD_POOLED::equals).isPresent(), Duration.ofSeconds(20));
    }

    @Test
    void a_thousand_duplicates_in_one_event_touch_their_lead_a_thousand_times() {
        UUID existing = newLead(TENANT, "Umbrella Trading");
        UUID importId = Uuid7.next();
        LeadDetails details = new LeadDetails("孙七", "Umbrella Trading", "+8613800138560", null, "上海", null, null,
                new LeadDetails.LeadSource("import", "expo"), Map.of());
        List<Record> duplicates = new java.util.ArrayList<>();
        for (int i = 1; i <= ImportBatchReceived.MAX_ROWS; i++) {
            duplicates.add(new LeadDuplicateDetected(Uuid7.next(), existing, List.of("PHONE"), details, 1.0,
                    new ImportRow(importId, i, null)));
        }
        ImportBatchDecided batch = ImportBatchDecided.of(importId, duplicates).get(0);
        TestTopics.publish(TENANT, batch.batchId(), batch);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}/history", existing).then().statusCode(200)
                .body("findAll { it.action == 'TOUCHED' }.size()", equalTo(ImportBatchReceived.MAX_ROWS)));
    }

    @Test
    void a_merge_ends_the_new_lead_even_from_a_reps_book_and_touches_the_survivor() {
        UUID existing = newLead(TENANT, "Globex Trading");
        UUID fresh = newLead(TENANT, "Globex Trading Co.");
        String dave = TestTokens.token(TENANT, "dave", "sales-rep");
        claim(dave, existing).then().statusCode(200);
        claim(dave, fresh).then().statusCode(200);
        TestTopics.publish(TENANT, fresh, new ConflictResolved(Uuid7.next(), fresh, existing,
                ConflictResolved.Action.MERGE_INTO_EXISTING, TestTokens.subject(TENANT, "alice"), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}", fresh).then().statusCode(200).body("state", equalTo("MERGED")));
        given().auth().oauth2(admin(TENANT)).get("/api/v1/leads/{id}/history", fresh).then()
                .body("action", hasItem("MERGED"));
        given().auth().oauth2(admin(TENANT)).get("/api/v1/leads/{id}/history", existing).then()
                .body("action", hasItem("TOUCHED"));
        given().auth().oauth2(dave).get("/api/v1/me/leads").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(fresh.toString())));
    }

    @Test
    void a_discard_ends_the_new_lead_and_keeping_both_changes_nothing() {
        UUID existing = newLead(TENANT, "Initech Holdings");
        UUID discarded = newLead(TENANT, "Initech");
        UUID kept = newLead(TENANT, "Initech Group");
        TestTopics.publish(TENANT, kept, new ConflictResolved(Uuid7.next(), kept, existing,
                ConflictResolved.Action.KEEP_BOTH, "someone", Instant.now()));
        TestTopics.publish(TENANT, discarded, new ConflictResolved(Uuid7.next(), discarded, existing,
                ConflictResolved.Action.DISCARD, "someone", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(TENANT))
                .get("/api/v1/leads/{id}", discarded).then().body("state", equalTo("DISCARDED")));
        given().auth().oauth2(admin(TENANT)).get("/api/v1/leads/{id}", kept).then().body("state", equalTo("IN_POOL"));
        claim(TestTokens.token(TENANT, "dave", "sales-rep"), discarded).then().statusCode(409);
    }
}
