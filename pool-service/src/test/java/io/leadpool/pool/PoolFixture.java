package io.leadpool.pool;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Drives pool-service as its clients and dedup would: tokens, accepted leads, rules, claims. */
final class PoolFixture {

    private PoolFixture() {
    }

    static String admin(String tenant) {
        return TestTokens.token(tenant, "alice", "lead-admin");
    }

    static String rep(String tenant, String name) {
        return TestTokens.token(tenant, name, "sales-rep");
    }

    static String defaultPool(String tenant) {
        return given().auth().oauth2(admin(tenant)).get("/api/v1/pools").then().statusCode(200)
                .body("find { it.default }.name", equalTo("Default pool"))
                .extract().path("find { it.default }.id");
    }

    static void setRules(String tenant, String rules) {
        setRules(tenant, defaultPool(tenant), rules);
    }

    static void setRules(String tenant, String poolId, String rules) {
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(rules)
                .put("/api/v1/pools/{id}/rules", poolId).then().statusCode(200);
    }

    /** A lead accepted by dedup, as dedup would publish it; returns once the pool has it. */
    static UUID acceptedLead(String tenant, String phone) {
        return acceptedLead(tenant, phone, "Globe Foods");
    }

    /** A lead of a given company, accepted by dedup; returns once the pool has it. */
    static UUID acceptedLead(String tenant, String phone, String company) {
        UUID leadId = Uuid7.next();
        LeadDetails details = new LeadDetails("Han Meimei", company, phone, "han@example.com", "Beijing",
                "retail", null, new LeadDetails.LeadSource("web", "autumn"), Map.of());
        TestTopics.publish(tenant, leadId, new LeadAccepted(Uuid7.next(), leadId, details, phone, "han@example.com"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(tenant))
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200));
        return leadId;
    }

    private static final java.util.concurrent.atomic.AtomicInteger PHONES = new java.util.concurrent.atomic.AtomicInteger();

    /** A new lead with a phone no other test uses. */
    static UUID newLead(String tenant) {
        return acceptedLead(tenant, "+86135%08d".formatted(PHONES.incrementAndGet()));
    }

    /** A new lead of a given company, with a phone no other test uses. */
    static UUID newLead(String tenant, String company) {
        return acceptedLead(tenant, "+86134%08d".formatted(PHONES.incrementAndGet()), company);
    }

    /** A pool that takes the leads of one region ahead of the default pool; returns its id. */
    static String regionPool(String tenant, String name, String region, int priority) {
        return given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "routing", Map.of("priority", priority,
                        "match", Map.of("region", List.of(region)))))
                .post("/api/v1/pools").then().statusCode(201).extract().path("id");
    }

    /**
     * A new lead from a region, with a phone no other test uses, accepted by dedup; returns once it is in
     * {@code poolId}.
     */
    static UUID leadFrom(String tenant, String region, String poolId) {
        UUID leadId = Uuid7.next();
        String phone = "+86132%08d".formatted(PHONES.incrementAndGet());
        LeadDetails details = new LeadDetails("Li Lei", "Clockwork Ltd", phone, null, region, "tools", null,
                new LeadDetails.LeadSource("web", null), Map.of());
        TestTopics.publish(tenant, leadId, new LeadAccepted(Uuid7.next(), leadId, details, phone, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(tenant))
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200).body("poolId", equalTo(poolId)));
        return leadId;
    }

    static Response claim(String token, UUID leadId) {
        return given().auth().oauth2(token).post("/api/v1/leads/{id}/claim", leadId);
    }

    static Response release(String token, UUID leadId, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", reason))
                .post("/api/v1/leads/{id}/release", leadId);
    }

    static Response followUp(String token, UUID leadId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"type\":\"CALL\",\"note\":\"asked for a quote\"}")
                .post("/api/v1/leads/{id}/follow-ups", leadId);
    }

    /** Waits until an instant is behind us. */
    static void awaitPassing(String instant) {
        Instant due = Instant.parse(instant);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(due));
    }
}
