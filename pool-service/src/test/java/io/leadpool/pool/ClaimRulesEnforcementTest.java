package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.awaitPassing;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.release;
import static io.leadpool.pool.PoolFixture.rep;
import static io.leadpool.pool.PoolFixture.setRules;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.leadpool.events.Topics;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The claim rules enforced through HTTP against real PostgreSQL, edges and races (tenant globex). */
@QuarkusTest
@WithTestResource(RealServers.class)
class ClaimRulesEnforcementTest {

    static final String T = "globex";

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void noRules() {
        setRules(T, "{\"followUpTimeout\":\"P3D\"}");
    }

    static UUID lead() {
        return PoolFixture.newLead(T);
    }

    static List<UUID> leads(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(lead());
        }
        return ids;
    }

    static void tier(String username, String tier) throws Exception {
        try (Connection c = TestPostgres.connect("service")) {
            var st = c.prepareStatement("update rep set tier = ? where tenant_id = ? and id = ?");
            st.setString(1, tier);
            st.setString(2, T);
            st.setString(3, TestTokens.subject(T, username));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    /** Fires all calls at once from their own threads; returns the responses. */
    static List<Response> atOnce(int n, Function<Integer, Response> call) {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return call.apply(k);
                }, threads));
            }
            return calls.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void the_holding_limit_stops_a_rep_exactly_at_the_limit_and_a_release_makes_room() {
        setRules(T, "{\"holdingLimits\":{\"default\":2}}");
        String hank = rep(T, "hank");
        List<UUID> ids = leads(3);
        claim(hank, ids.get(0)).then().statusCode(200);
        claim(hank, ids.get(1)).then().statusCode(200);
        claim(hank, ids.get(2)).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("HOLDING_LIMIT")).body("limit", equalTo(2)).body("held", equalTo(2));
        release(hank, ids.get(0), "not our market").then().statusCode(200).body("state", equalTo("IN_POOL"));
        claim(hank, ids.get(2)).then().statusCode(200);
        given().auth().oauth2(hank).get("/api/v1/leads/{id}/history", ids.get(0)).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "RELEASED")))
                .body("[2].reason", equalTo("not our market"));
        TestTopics.await(Topics.POOL_EVENTS, e -> ids.get(0).toString().equals(e.subject())
                && "RELEASED".equals(e.data().path("action").asText()), Duration.ofSeconds(20));
    }

    @Test
    void the_limit_follows_the_tier_even_when_it_changes_while_holding() throws Exception {
        setRules(T, "{\"holdingLimits\":{\"default\":1,\"byTier\":{\"senior\":3}}}");
        String ivy = rep(T, "ivy");
        List<UUID> ids = leads(4);
        claim(ivy, ids.get(0)).then().statusCode(200);
        claim(ivy, ids.get(1)).then().statusCode(409).body("code", equalTo("HOLDING_LIMIT"))
                .body("tier", equalTo("default"));
        tier("ivy", "senior");
        claim(ivy, ids.get(1)).then().statusCode(200);
        claim(ivy, ids.get(2)).then().statusCode(200);
        claim(ivy, ids.get(3)).then().statusCode(409).body("limit", equalTo(3));
        tier("ivy", "default");
        // Demoted while holding three: she keeps them and can claim no more until she is under one.
        claim(ivy, ids.get(3)).then().statusCode(409).body("limit", equalTo(1)).body("held", equalTo(3));
        given().auth().oauth2(ivy).get("/api/v1/me/leads").then().body("size()", equalTo(3));
    }

    @Test
    void the_claim_quota_counts_a_rolling_window() {
        setRules(T, "{\"claimQuota\":{\"max\":2,\"per\":\"PT4S\"}}");
        String jack = rep(T, "jack");
        List<UUID> ids = leads(3);
        String first = claim(jack, ids.get(0)).then().statusCode(200).extract().path("ownedSince");
        claim(jack, ids.get(1)).then().statusCode(200);
        claim(jack, ids.get(2)).then().statusCode(409).body("code", equalTo("CLAIM_QUOTA"))
                .body("max", equalTo(2)).body("per", equalTo("PT4S"));
        awaitPassing(java.time.Instant.parse(first).plusSeconds(4).toString());
        claim(jack, ids.get(2)).then().statusCode(200);
    }

    @Test
    void the_previous_owner_waits_out_the_cooldown_others_do_not() {
        setRules(T, "{\"previousOwnerCooldown\":\"PT3S\"}");
        String kate = rep(T, "kate");
        UUID id = lead();
        claim(kate, id).then().statusCode(200);
        String back = release(kate, id, "wrong contact").then().statusCode(200).extract().path("updatedAt");
        claim(kate, id).then().statusCode(409).body("code", equalTo("COOLDOWN")).body("until", notNullValue());
        awaitPassing(java.time.Instant.parse(back).plusSeconds(3).toString());
        claim(kate, id).then().statusCode(200);
        release(kate, id, "still wrong").then().statusCode(200);
        claim(rep(T, "leo"), id).then().statusCode(200);
    }

    @Test
    void a_lead_new_in_the_pool_waits_out_the_embargo() {
        setRules(T, "{\"newLeadEmbargo\":\"PT3S\"}");
        UUID id = lead();
        String pooled = given().auth().oauth2(PoolFixture.admin(T)).get("/api/v1/leads/{id}", id).then()
                .extract().path("createdAt");
        claim(rep(T, "mona"), id).then().statusCode(409).body("code", equalTo("EMBARGO"));
        awaitPassing(java.time.Instant.parse(pooled).plusSeconds(3).toString());
        claim(rep(T, "mona"), id).then().statusCode(200);
    }

    @Test
    void a_rep_with_k_free_slots_firing_many_parallel_claims_gets_exactly_k() {
        setRules(T, "{\"holdingLimits\":{\"default\":3}}");
        String nick = rep(T, "nick");
        List<UUID> ids = leads(20);
        List<Response> responses = atOnce(ids.size(), i -> claim(nick, ids.get(i)));
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(3);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("code")).isEqualTo("HOLDING_LIMIT")).hasSize(17);
    }

    @Test
    void parallel_claims_cannot_overrun_the_quota() {
        setRules(T, "{\"claimQuota\":{\"max\":4,\"per\":\"P1D\"}}");
        String olga = rep(T, "olga");
        List<UUID> ids = leads(20);
        List<Response> responses = atOnce(ids.size(), i -> claim(olga, ids.get(i)));
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(4);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("code")).isEqualTo("CLAIM_QUOTA")).hasSize(16);
    }

    @Test
    void two_hundred_claims_from_twenty_reps_on_one_lead_make_one_owner() {
        UUID id = lead();
        List<String> reps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reps.add(rep(T, "crowd-" + i));
        }
        List<Response> responses = atOnce(200, i -> claim(reps.get(i % 20), id));
        assertThat(responses).extracting(Response::statusCode).doesNotContain(500, 502, 503);
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409)
                .allSatisfy(r -> assertThat(r.jsonPath().getString("code")).isEqualTo("ALREADY_CLAIMED")).hasSize(199);
        given().auth().oauth2(PoolFixture.admin(T)).get("/api/v1/leads/{id}/history", id).then()
                .body("findAll { it.action == 'CLAIMED' }.size()", equalTo(1));
    }

    @Test
    void only_the_owner_releases_and_only_into_a_pool_of_the_tenant() {
        String pete = rep(T, "pete");
        UUID id = lead();
        claim(pete, id).then().statusCode(200);
        release(rep(T, "quinn"), id, "mine now").then().statusCode(404);
        given().auth().oauth2(pete).contentType(ContentType.JSON).body(Map.of("reason", "x",
                "targetPoolId", UUID.randomUUID().toString())).post("/api/v1/leads/{id}/release", id)
                .then().statusCode(400).body("errors.field", hasItem("targetPoolId"));
        given().auth().oauth2(pete).contentType(ContentType.JSON).body("{}").post("/api/v1/leads/{id}/release", id)
                .then().statusCode(400).body("errors.field", hasItem("reason"));
        release(pete, id, "no budget").then().statusCode(200).body("ownerId", equalTo(null));
        release(pete, id, "again").then().statusCode(409).body("code", equalTo("NOT_OWNER"));
    }

    @Test
    void bad_rules_name_every_bad_field() {
        given().auth().oauth2(PoolFixture.admin(T)).contentType(ContentType.JSON)
                .body("{\"holdingLimits\":{\"default\":-1,\"byTier\":{\"Senior Reps\":3}},"
                        + "\"claimQuota\":{\"max\":5},\"previousOwnerCooldown\":\"a week\"}")
                .put("/api/v1/pools/{id}/rules", PoolFixture.defaultPool(T)).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("holdingLimits.default",
                        "holdingLimits.byTier.Senior Reps", "claimQuota.per", "previousOwnerCooldown"));
    }

    @Test
    void a_batch_claim_answers_for_each_lead_and_stops_at_the_limit() {
        setRules(T, "{\"holdingLimits\":{\"default\":2}}");
        String rosa = rep(T, "rosa");
        List<UUID> ids = leads(3);
        UUID taken = lead();
        claim(rep(T, "saul"), taken).then().statusCode(200);
        List<Object> body = new ArrayList<>(ids.stream().map(UUID::toString).toList());
        body.add(1, taken.toString());
        given().auth().oauth2(rosa).contentType(ContentType.JSON).body(Map.of("leadIds", body))
                .post("/api/v1/leads/claims").then().statusCode(200)
                .body("claimed", equalTo(2)).body("refused", equalTo(2))
                .body("results.status", equalTo(List.of(200, 409, 200, 409)))
                .body("results.code", equalTo(java.util.Arrays.asList(null, "ALREADY_CLAIMED", null, "HOLDING_LIMIT")))
                .body("results[0].lead.state", equalTo("OWNED"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        given().auth().oauth2(rosa).contentType(ContentType.JSON).body(Map.of("leadIds", tooMany))
                .post("/api/v1/leads/claims").then().statusCode(400).body("errors.field", hasItem("leadIds"));
    }

    @Test
    void a_locked_lead_keeps_no_deadline_within_the_lock_limit_and_is_never_recycled() {
        setRules(T, "{\"followUpTimeout\":\"PT1S\",\"lockLimit\":1}");
        String tess = rep(T, "tess");
        List<UUID> ids = leads(2);
        claim(tess, ids.get(0)).then().statusCode(200);
        claim(tess, ids.get(1)).then().statusCode(200);
        int lockedVersion = given().auth().oauth2(tess).post("/api/v1/leads/{id}/lock", ids.get(0)).then()
                .statusCode(200).body("state", equalTo("LOCKED")).body("deadlines.followUp", equalTo(null))
                .extract().path("version");
        given().auth().oauth2(tess).post("/api/v1/leads/{id}/lock", ids.get(1)).then().statusCode(409)
                .body("code", equalTo("LOCK_LIMIT")).body("limit", equalTo(1));
        given().auth().oauth2(tess).post("/api/v1/leads/{id}/lock", ids.get(0)).then().statusCode(409)
                .body("code", equalTo("ALREADY_LOCKED"));
        given().auth().oauth2(rep(T, "uma")).post("/api/v1/leads/{id}/unlock", ids.get(0)).then().statusCode(404);
        PoolFixture.followUp(tess, ids.get(0)).then().statusCode(201).body("deadlines.followUp", equalTo(null));

        // A recycle command for the locked lead changes nothing, whatever version it carries.
        TestTopics.publish(T, ids.get(0), new io.leadpool.events.RecycleDue(ids.get(0), lockedVersion + 1,
                "NO_FOLLOW_UP", java.time.Instant.now()));
        TestTopics.await(Topics.POOL_EVENTS, e -> ids.get(0).toString().equals(e.subject())
                && e.type().endsWith("lock-changed.v1") && e.data().path("locked").asBoolean(), Duration.ofSeconds(20));
        String unlockedDue = given().auth().oauth2(tess).post("/api/v1/leads/{id}/unlock", ids.get(0)).then()
                .statusCode(200).body("state", equalTo("OWNED")).body("deadlines.followUp.dueAt", notNullValue())
                .extract().path("deadlines.followUp.dueAt");
        given().auth().oauth2(tess).get("/api/v1/leads/{id}/history", ids.get(0)).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "LOCKED", "FOLLOWED_UP", "UNLOCKED")));
        assertThat(java.time.Instant.parse(unlockedDue)).isAfter(java.time.Instant.now().minusSeconds(5));
    }

    @Test
    void locked_leads_count_against_the_holding_limit_unless_the_pool_says_otherwise() {
        setRules(T, "{\"holdingLimits\":{\"default\":1},\"countLocked\":false}");
        String vera = rep(T, "vera");
        List<UUID> ids = leads(3);
        claim(vera, ids.get(0)).then().statusCode(200);
        given().auth().oauth2(vera).post("/api/v1/leads/{id}/lock", ids.get(0)).then().statusCode(200);
        claim(vera, ids.get(1)).then().statusCode(200);
        setRules(T, "{\"holdingLimits\":{\"default\":2}}");
        claim(vera, ids.get(2)).then().statusCode(409).body("code", equalTo("HOLDING_LIMIT")).body("held", equalTo(2));
    }
}
