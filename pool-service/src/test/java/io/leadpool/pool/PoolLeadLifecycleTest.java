package io.leadpool.pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealServers.class)
class PoolLeadLifecycleTest {

    static final String ALICE = TestTokens.token("acme", "alice", "lead-admin");
    static final String MIA = TestTokens.token("acme", "mia", "sales-manager");
    static final String BOB = TestTokens.token("acme", "bob", "sales-rep");
    static final String CAROL = TestTokens.token("acme", "carol", "sales-rep");
    static final String GLOBEX_BOB = TestTokens.token("globex", "bob", "sales-rep");

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void restoreDefaultRules() {
        setRules("{\"followUpTimeout\":\"P3D\"}");
    }

    static String defaultPool() {
        return PoolFixture.defaultPool("acme");
    }

    static void setRules(String rules) {
        PoolFixture.setRules("acme", rules);
    }

    static UUID acceptedLead(String phone) {
        return PoolFixture.acceptedLead("acme", phone);
    }

    static void awaitPassing(String deadline) {
        PoolFixture.awaitPassing(deadline);
    }

    static Response claim(String token, UUID leadId) {
        return PoolFixture.claim(token, leadId);
    }

    static Response followUp(String token, UUID leadId) {
        return PoolFixture.followUp(token, leadId);
    }

    @Test
    void an_accepted_lead_lands_in_the_default_pool_with_its_contacts_masked() {
        UUID leadId = acceptedLead("+8613700000001");
        String pool = defaultPool();
        given().auth().oauth2(BOB).get("/api/v1/leads/{id}", leadId).then().statusCode(200)
                .body("state", equalTo("IN_POOL")).body("poolId", equalTo(pool))
                .body("phone", equalTo("+86137****0001")).body("email", equalTo("h***@example.com"))
                .body("contactsMasked", equalTo(true)).body("source.campaign", equalTo("autumn"));
        given().auth().oauth2(BOB).get("/api/v1/pools/{id}/leads?limit=200", pool).then().statusCode(200)
                .body("items.id", hasItem(leadId.toString()));
        given().auth().oauth2(BOB).get("/api/v1/leads/{id}/history", leadId).then().statusCode(200)
                .body("action", equalTo(List.of("POOLED")));
    }

    @Test
    void pool_listings_page_with_a_cursor() {
        acceptedLead("+8613700000021");
        acceptedLead("+8613700000022");
        String pool = defaultPool();
        String next = given().auth().oauth2(BOB).get("/api/v1/pools/{id}/leads?limit=1", pool).then().statusCode(200)
                .body("items", hasSize(1)).body("next", notNullValue()).extract().path("next");
        String second = given().auth().oauth2(BOB).get("/api/v1/pools/{id}/leads?limit=1&after={c}", pool, next)
                .then().statusCode(200).body("items", hasSize(1)).extract().path("items[0].id");
        assertThat(UUID.fromString(second)).isGreaterThan(UUID.fromString(next));
        given().auth().oauth2(BOB).get("/api/v1/pools/{id}/leads?limit=0", pool).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(BOB).get("/api/v1/pools/{id}/leads?state=OWNED", pool).then().statusCode(403);
    }

    @Test
    void of_many_simultaneous_claims_exactly_one_wins_and_the_others_learn_they_lost() throws Exception {
        UUID leadId = acceptedLead("+8613700000002");
        List<String> claimers = List.of(BOB, CAROL, TestTokens.token("acme", "dave", "sales-rep"),
                TestTokens.token("acme", "erin", "sales-rep"), TestTokens.token("acme", "frank", "sales-rep"), MIA);
        CyclicBarrier start = new CyclicBarrier(claimers.size());
        List<CompletableFuture<Response>> calls = claimers.stream().map(token -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return claim(token, leadId);
        })).toList();
        List<Response> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(claimers.size() - 1)
                .allSatisfy(r -> {
                    assertThat(r.contentType()).startsWith("application/problem+json");
                    assertThat(r.jsonPath().getString("code")).isEqualTo("ALREADY_CLAIMED");
                    assertThat(r.jsonPath().getString("claimedAt")).isNotNull();
                });
        given().auth().oauth2(ALICE).get("/api/v1/leads/{id}/history", leadId).then()
                .body("findAll { it.action == 'CLAIMED' }", hasSize(1));
        List<?> changes = TestTopics.all(Topics.POOL_EVENTS, e -> leadId.toString().equals(e.subject())
                && e.type().endsWith("ownership-changed.v1"), Duration.ofSeconds(3));
        assertThat(changes).hasSize(1);
    }

    @Test
    void the_winner_is_named_only_to_those_who_may_see_it() {
        UUID leadId = acceptedLead("+8613700000003");
        claim(BOB, leadId).then().statusCode(200).body("state", equalTo("OWNED"))
                .body("ownerId", equalTo(TestTokens.subject("acme", "bob")))
                .body("phone", equalTo("+8613700000003")).body("deadlines.followUp.dueAt", notNullValue())
                .body("deadlines.followUp.timeLeft", startsWith("PT71H"));
        claim(CAROL, leadId).then().statusCode(409).body("code", equalTo("ALREADY_CLAIMED"))
                .body("claimedBy", equalTo(null));
        claim(MIA, leadId).then().statusCode(409).body("claimedBy", equalTo(TestTokens.subject("acme", "bob")));
    }

    @Test
    void only_the_owner_follows_up_and_the_deadline_moves() {
        setRules("{\"followUpTimeout\":\"PT2H\"}");
        UUID leadId = acceptedLead("+8613700000004");
        String firstDue = claim(BOB, leadId).then().statusCode(200).extract().path("deadlines.followUp.dueAt");
        String due = followUp(BOB, leadId).then().statusCode(201).body("lastFollowUpAt", notNullValue())
                .extract().path("deadlines.followUp.dueAt");
        assertThat(Instant.parse(due)).isAfter(Instant.parse(firstDue));
        followUp(CAROL, leadId).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        followUp(MIA, leadId).then().statusCode(409).body("code", equalTo("NOT_OWNER"));
        given().auth().oauth2(BOB).contentType(ContentType.JSON).body("{\"type\":\"FAX\"}")
                .post("/api/v1/leads/{id}/follow-ups", leadId).then().statusCode(400);
        given().auth().oauth2(BOB).get("/api/v1/me/leads").then().statusCode(200)
                .body("find { it.id == '%s' }.deadlines.followUp.timeLeft".formatted(leadId), startsWith("PT1H59M"));
        given().auth().oauth2(BOB).get("/api/v1/leads/{id}/history", leadId).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "FOLLOWED_UP")));
    }

    @Test
    void an_overdue_lead_is_recycled_when_its_version_still_holds() {
        setRules("{\"followUpTimeout\":\"PT1S\"}");
        UUID leadId = acceptedLead("+8613700000005");
        Response claimed = claim(BOB, leadId);
        int version = claimed.then().statusCode(200).extract().path("version");
        awaitPassing(claimed.path("deadlines.followUp.dueAt"));
        TestTopics.publish("acme", leadId, new RecycleDue(leadId, version, "NO_FOLLOW_UP", Instant.now()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ALICE)
                .get("/api/v1/leads/{id}", leadId).then().body("state", equalTo("IN_POOL")));
        given().auth().oauth2(ALICE).get("/api/v1/leads/{id}/history", leadId).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "RECYCLED")))
                .body("[2].reason", equalTo("NO_FOLLOW_UP"))
                .body("[2].fromOwner", equalTo(TestTokens.subject("acme", "bob")));
        OwnershipChanged recycled = EventCodec.payload(TestTopics.await(Topics.POOL_EVENTS,
                e -> leadId.toString().equals(e.subject()) && e.data().path("action").asText().equals("RECYCLED"),
                Duration.ofSeconds(20)), OwnershipChanged.class);
        assertThat(recycled.version()).isEqualTo(version + 1);
        assertThat(recycled.deadlines()).isEqualTo(io.leadpool.events.LeadDeadlines.NONE);
    }

    @Test
    void a_follow_up_logged_before_the_recycle_arrives_wins() {
        setRules("{\"followUpTimeout\":\"PT1S\"}");
        UUID leadId = acceptedLead("+8613700000006");
        int seen = claim(BOB, leadId).then().statusCode(200).extract().path("version");
        setRules("{\"followUpTimeout\":\"P3D\"}");
        followUp(BOB, leadId).then().statusCode(201);
        TestTopics.publish("acme", leadId, new RecycleDue(leadId, seen, "NO_FOLLOW_UP", Instant.now()));
        // A later lead's recycle shows the stale command has been consumed.
        setRules("{\"followUpTimeout\":\"PT1S\"}");
        UUID marker = acceptedLead("+8613700000016");
        Response markerClaim = claim(CAROL, marker);
        int markerVersion = markerClaim.then().statusCode(200).extract().path("version");
        awaitPassing(markerClaim.path("deadlines.followUp.dueAt"));
        TestTopics.publish("acme", marker, new RecycleDue(marker, markerVersion, "NO_FOLLOW_UP", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ALICE)
                .get("/api/v1/leads/{id}", marker).then().body("state", equalTo("IN_POOL")));
        given().auth().oauth2(BOB).get("/api/v1/leads/{id}", leadId).then().body("state", equalTo("OWNED"));
    }

    @Test
    void a_duplicate_touches_the_existing_lead() {
        UUID leadId = acceptedLead("+8613700000007");
        TestTopics.publish("acme", leadId, new LeadDuplicateDetected(Uuid7.next(), leadId, List.of("PHONE"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ALICE)
                .get("/api/v1/leads/{id}/history", leadId).then().body("action", hasItem("TOUCHED")));
        TestTopics.await(Topics.POOL_EVENTS, e -> leadId.toString().equals(e.subject())
                && e.type().endsWith("touched.v1"), Duration.ofSeconds(20));
    }

    @Test
    void bad_rules_are_refused_naming_the_field_and_only_admins_change_rules() {
        String pool = defaultPool();
        given().auth().oauth2(ALICE).contentType(ContentType.JSON).body("{\"followUpTimeout\":\"3 days\"}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("followUpTimeout"));
        given().auth().oauth2(ALICE).contentType(ContentType.JSON).body("{\"followUpTimeout\":\"-PT1H\"}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(400);
        given().auth().oauth2(ALICE).contentType(ContentType.JSON).body("{\"holdingLimitz\":3}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        given().auth().oauth2(BOB).contentType(ContentType.JSON).body("{\"followUpTimeout\":\"PT1M\"}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(403);
        given().auth().oauth2(ALICE).contentType(ContentType.JSON).body("{\"followUpTimeout\":\"PT1M\"}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(200)
                .body("rules.followUpTimeout", equalTo("PT1M"));
    }

    @Test
    void another_tenant_sees_nothing_of_this_one() {
        UUID leadId = acceptedLead("+8613700000008");
        given().auth().oauth2(GLOBEX_BOB).get("/api/v1/leads/{id}", leadId).then().statusCode(404);
        claim(GLOBEX_BOB, leadId).then().statusCode(404);
        followUp(GLOBEX_BOB, leadId).then().statusCode(404);
        given().auth().oauth2(GLOBEX_BOB).get("/api/v1/pools/{id}/leads", defaultPool()).then().statusCode(404);
        given().auth().oauth2(TestTokens.token("acme", "gw", "lead-source")).post("/api/v1/leads/{id}/claim", leadId)
                .then().statusCode(403);
        given().post("/api/v1/leads/{id}/claim", leadId).then().statusCode(401);
    }
}
