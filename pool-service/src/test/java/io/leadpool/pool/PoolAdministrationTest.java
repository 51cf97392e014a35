package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pools as admins define them: routing of new leads, scope of who may claim, safe deletion (tenant acme). */
@QuarkusTest
@WithTestResource(RealServers.class)
class PoolAdministrationTest {

    static final String T = "acme";
    static final AtomicInteger PHONES = new AtomicInteger();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String createPool(Map<String, Object> body) {
        return given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(body).post("/api/v1/pools")
                .then().statusCode(201).header("Location", org.hamcrest.Matchers.containsString("/api/v1/pools/")).extract().path("id");
    }

    static Map<String, Object> pool(String name, String region, int priority, List<String> teams) {
        return Map.of("name", name, "description", "routed by region",
                "routing", Map.of("priority", priority, "match", Map.of("region", List.of(region))),
                "scope", Map.of("teams", teams), "rules", Map.of("followUpTimeout", "P2D"));
    }

    /** A lead from a region, accepted by dedup; returns its id once the pool has it. */
    static UUID leadFrom(String region, String industry) {
        UUID leadId = Uuid7.next();
        String phone = "+86137%08d".formatted(90_000_000 + PHONES.incrementAndGet());
        TestTopics.publish(T, leadId, new LeadAccepted(Uuid7.next(), leadId, new LeadDetails("Zhou Jie", "Lake Tea",
                phone, null, region, industry, null, new LeadDetails.LeadSource("fair", null), Map.of()), phone, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(T))
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200));
        return leadId;
    }

    static String poolOf(UUID leadId) {
        return given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}", leadId).then().extract().path("poolId");
    }

    @Test
    void a_new_lead_lands_in_the_matching_pool_of_highest_priority_else_the_default() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String low = createPool(pool("Hangzhou low " + suffix, "Hangzhou-" + suffix, 5, List.of()));
        String high = createPool(pool("Hangzhou high " + suffix, "Hangzhou-" + suffix, 50, List.of()));
        given().auth().oauth2(admin(T)).get("/api/v1/pools").then().body("id", hasItem(low))
                .body("find { it.id == '%s' }.routing.priority".formatted(high), equalTo(50));
        UUID routed = leadFrom("hangzhou-" + suffix, "tea");
        org.assertj.core.api.Assertions.assertThat(poolOf(routed)).isEqualTo(high);
        UUID unrouted = leadFrom("Suzhou", "tea");
        org.assertj.core.api.Assertions.assertThat(poolOf(unrouted)).isEqualTo(PoolFixture.defaultPool(T));
    }

    @Test
    void only_reps_in_scope_see_and_claim_a_pools_leads() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String poolId = createPool(pool("North " + suffix, "Harbin-" + suffix, 10, List.of("north")));
        UUID lead = leadFrom("Harbin-" + suffix, "energy");
        String outsider = rep(T, "ola");
        given().auth().oauth2(outsider).get("/api/v1/leads/{id}", lead).then().statusCode(404);
        given().auth().oauth2(outsider).get("/api/v1/pools/{id}/leads", poolId).then().statusCode(404);
        claim(outsider, lead).then().statusCode(409).body("code", equalTo("NOT_IN_SCOPE"));

        String insider = rep(T, "nils");
        given().auth().oauth2(insider).get("/api/v1/me/leads").then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", true,
                "skills", Map.of(), "teams", List.of("north"))).put("/api/v1/reps/{id}", TestTokens.subject(T, "nils"))
                .then().statusCode(200);
        given().auth().oauth2(insider).get("/api/v1/pools/{id}/leads", poolId).then().statusCode(200)
                .body("items.id", hasItem(lead.toString()));
        claim(insider, lead).then().statusCode(200).body("deadlines.followUp.dueAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void pools_are_named_uniquely_and_bad_definitions_name_every_field() {
        String name = "Unique " + UUID.randomUUID();
        createPool(Map.of("name", name));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("name", name.toUpperCase()))
                .post("/api/v1/pools").then().statusCode(409).body("code", equalTo("POOL_NAME_TAKEN"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("name", "", "routing", Map.of("priority", 5000), "rules", Map.of("followUpTimeout", "soon")))
                .post("/api/v1/pools").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "routing.priority", "rules.followUpTimeout"));
        given().auth().oauth2(rep(T, "bob")).contentType(ContentType.JSON).body(Map.of("name", "mine"))
                .post("/api/v1/pools").then().statusCode(403);
    }

    @Test
    void only_an_empty_pool_that_is_not_the_default_can_be_deleted() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String full = createPool(pool("Full " + suffix, "Xian-" + suffix, 10, List.of()));
        leadFrom("Xian-" + suffix, "tourism");
        given().auth().oauth2(admin(T)).delete("/api/v1/pools/{id}", full).then().statusCode(409)
                .body("code", equalTo("POOL_NOT_EMPTY"));
        given().auth().oauth2(admin(T)).delete("/api/v1/pools/{id}", PoolFixture.defaultPool(T)).then().statusCode(409)
                .body("code", equalTo("DEFAULT_POOL"));
        String empty = createPool(Map.of("name", "Empty " + suffix));
        given().auth().oauth2(admin(T)).delete("/api/v1/pools/{id}", empty).then().statusCode(204);
        given().auth().oauth2(admin(T)).get("/api/v1/pools/{id}", empty).then().statusCode(404);
        given().auth().oauth2(TestTokens.token("globex", "alice", "lead-admin")).delete("/api/v1/pools/{id}", full)
                .then().statusCode(404);
    }
}
