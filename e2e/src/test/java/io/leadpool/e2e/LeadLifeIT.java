package io.leadpool.e2e;

import static io.leadpool.e2e.Api.ALICE;
import static io.leadpool.e2e.Api.BOB;
import static io.leadpool.e2e.Api.CAROL;
import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.GLOBEX_ALICE;
import static io.leadpool.e2e.Api.at;
import static io.leadpool.e2e.Api.awaitDecision;
import static io.leadpool.e2e.Api.leadJson;
import static io.leadpool.e2e.Api.postLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.e2e.Suite.Service;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One lead's whole life through the four running services, driven over HTTP only. */
class LeadLifeIT {

    @BeforeAll
    static void suite() {
        Suite.get();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterEach
    void defaultRules() {
        Api.setRules("{\"followUpTimeout\":\"P3D\"}");
    }

    private static String acceptedLead(String phone, String email) {
        String intakeId = postLead(GATEWAY, leadJson("Wang Fang", phone, email)).then().statusCode(202)
                .extract().path("intakeId");
        Map<String, Object> decided = awaitDecision(BOB, intakeId, Duration.ofSeconds(20));
        assertThat(decided.get("status")).isEqualTo("ACCEPTED");
        String leadId = (String) decided.get("leadId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> at(Service.POOL, BOB)
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200));
        return leadId;
    }

    @Test
    void a_posted_lead_is_accepted_and_waits_in_the_default_pool() {
        // Latency is measured by deploy/local/acceptance.py and the bench, not asserted here.
        String intakeId = postLead(GATEWAY, leadJson("Li Lei", "+86 138 0013 8000", "li.lei@example.com"))
                .then().statusCode(202).extract().path("intakeId");
        Map<String, Object> decided = awaitDecision(BOB, intakeId, Duration.ofSeconds(30));
        assertThat(decided.get("status")).isEqualTo("ACCEPTED");

        String leadId = (String) decided.get("leadId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> at(Service.POOL, BOB)
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200)
                .body("state", equalTo("IN_POOL")).body("phone", equalTo("+86138****8000"))
                .body("poolId", equalTo(Api.defaultPool(BOB))));
        at(Service.POOL, BOB).get("/api/v1/pools/{id}/leads?limit=200", Api.defaultPool(BOB)).then().statusCode(200)
                .body("items.id", hasItem(leadId));

        // The same person again, written the other way round, is a duplicate of that lead.
        String again = postLead(Api.BOB, leadJson("Li Lei", "0086-138-0013-8000", "LI.LEI@EXAMPLE.COM"))
                .then().statusCode(202).extract().path("intakeId");
        Map<String, Object> duplicate = awaitDecision(BOB, again, Duration.ofSeconds(10));
        assertThat(duplicate.get("status")).isEqualTo("DUPLICATE");
        assertThat(duplicate.get("duplicateOf")).isEqualTo(leadId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> at(Service.POOL, ALICE)
                .get("/api/v1/leads/{id}/history", leadId).then().body("action", hasItem("TOUCHED")));
    }

    @Test
    void two_reps_claim_at_once_and_exactly_one_wins() throws Exception {
        String leadId = acceptedLead("+86 138 0013 8100", "race@example.com");
        CyclicBarrier start = new CyclicBarrier(2);
        // Tokens first, so both claims leave the barrier with nothing else to do.
        List<CompletableFuture<Response>> claims = List.of(BOB.token(), CAROL.token()).stream()
                .map(token -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return at(Service.POOL, token).post("/api/v1/leads/{id}/claim", leadId);
                })).toList();
        List<Response> responses = claims.stream().map(CompletableFuture::join).toList();
        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
        Response loser = responses.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertThat(loser.jsonPath().getString("code")).isEqualTo("ALREADY_CLAIMED");
        assertThat(loser.contentType()).startsWith("application/problem+json");
        at(Service.POOL, ALICE).get("/api/v1/leads/{id}/history", leadId).then()
                .body("findAll { it.action == 'CLAIMED' }.size()", equalTo(1));
    }

    @Test
    void a_neglected_lead_flows_back_to_the_pool_and_a_followed_up_one_stays() {
        Api.setRules("{\"followUpTimeout\":\"PT6S\"}");
        String neglected = acceptedLead("+86 138 0013 8200", "neglected@example.com");
        String cared = acceptedLead("+86 138 0013 8201", "cared@example.com");
        String due = at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", neglected).then().statusCode(200)
                .extract().path("deadlines.followUp.dueAt");
        at(Service.POOL, CAROL).post("/api/v1/leads/{id}/claim", cared).then().statusCode(200);

        // Carol keeps in touch; Bob does not.
        Instant deadline = Instant.parse(due);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            at(Service.POOL, CAROL).contentType(ContentType.JSON).body("{\"type\":\"CALL\",\"note\":\"still keen\"}")
                    .post("/api/v1/leads/{id}/follow-ups", cared).then().statusCode(201);
            at(Service.POOL, ALICE).get("/api/v1/leads/{id}", neglected).then().body("state", equalTo("IN_POOL"));
        });
        Instant backInPool = Instant.now();
        assertThat(Duration.between(deadline, backInPool)).as("lateness behind the deadline")
                .isLessThan(Duration.ofSeconds(60));
        at(Service.POOL, ALICE).get("/api/v1/leads/{id}/history", neglected).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "RECYCLED")))
                .body("[2].reason", equalTo("NO_FOLLOW_UP"));
        at(Service.POOL, CAROL).get("/api/v1/leads/{id}", cared).then().statusCode(200)
                .body("state", equalTo("OWNED"));
    }

    @Test
    void another_tenant_finds_nothing() {
        String intakeId = postLead(GATEWAY, leadJson("Zhao Lei", "+86 138 0013 8300", "zhao@example.com"))
                .then().statusCode(202).extract().path("intakeId");
        String leadId = (String) awaitDecision(BOB, intakeId, Duration.ofSeconds(20)).get("leadId");
        at(Service.INTAKE, GLOBEX_ALICE).get("/api/v1/intake/{id}", intakeId).then().statusCode(404);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> at(Service.POOL, ALICE)
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200));
        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/leads/{id}", leadId).then().statusCode(404);
        at(Service.POOL, Api.GLOBEX_BOB).post("/api/v1/leads/{id}/claim", leadId).then().statusCode(404);
        Api.anonymous(Service.POOL).get("/api/v1/leads/{id}", leadId).then().statusCode(401);
    }

    @Test
    void every_service_is_ready_and_publishes_its_api_description() {
        for (Service s : Service.values()) {
            Api.anonymous(s).get("/q/health/ready").then().statusCode(200);
            Api.anonymous(s).get("/q/openapi?format=json").then().statusCode(200).body("openapi", org.hamcrest.Matchers.startsWith("3."));
        }
    }
}
