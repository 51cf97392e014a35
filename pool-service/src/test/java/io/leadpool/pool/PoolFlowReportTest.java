package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pool-flow report counts what really happened, from operations made through the API (tenant globex). */
@QuarkusTest
@WithTestResource(RealServers.class)
class PoolFlowReportTest {

    static final String T = "globex";

    static UUID lead(String region, int n) {
        UUID leadId = Uuid7.next();
        String phone = "+86133%08d".formatted(n);
        TestTopics.publish(T, leadId, new LeadAccepted(Uuid7.next(), leadId, new LeadDetails("Wang Wu", "Flow Co "
                + n, phone, null, region, null, null, null, Map.of()), phone, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(T))
                .get("/api/v1/leads/{id}", leadId).then().statusCode(200));
        return leadId;
    }

    @Test
    void every_flow_is_counted_by_pool_and_by_rep() {
        String region = "Flowtown-" + UUID.randomUUID().toString().substring(0, 6);
        String pool = given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("name", "Flow " + region, "routing", Map.of("priority", 50,
                        "match", Map.of("region", List.of(region))), "rules", Map.of("followUpTimeout", "PT1S")))
                .post("/api/v1/pools").then().statusCode(201).extract().path("id");
        Instant from = Instant.now().minusSeconds(1);
        List<UUID> ids = new ArrayList<>();
        int base = (int) (System.nanoTime() % 1_000_000);
        for (int i = 0; i < 4; i++) {
            ids.add(lead(region, base * 10 + i));
        }
        String rita = rep(T, "rita-flow");
        String sven = rep(T, "sven-flow");
        given().auth().oauth2(sven).get("/api/v1/me/leads").then().statusCode(200);
        claim(rita, ids.get(0)).then().statusCode(200);
        claim(rita, ids.get(1)).then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("repId", TestTokens.subject(T, "sven-flow"))).post("/api/v1/leads/{id}/assign", ids.get(2))
                .then().statusCode(200);
        PoolFixture.release(rita, ids.get(0), "not interested").then().statusCode(200);
        long version = given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}", ids.get(2)).then().extract()
                .jsonPath().getLong("version");
        PoolFixture.awaitPassing(Instant.now().plusSeconds(1).toString());
        TestTopics.publish(T, ids.get(2), new RecycleDue(ids.get(2), version, "NO_FOLLOW_UP", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(T))
                .get("/api/v1/leads/{id}", ids.get(2)).then().body("state", equalTo("IN_POOL")));
        given().auth().oauth2(rita).contentType(ContentType.JSON).body(Map.of("opportunityName", "Flow deal"))
                .post("/api/v1/leads/{id}/conversion", ids.get(1)).then().statusCode(201);
        String to = Instant.now().plusSeconds(1).toString();

        JsonPath byPool = given().auth().oauth2(admin(T)).queryParam("from", from.toString()).queryParam("to", to)
                .queryParam("groupBy", "pool").get("/api/v1/reports/pool-flow").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> row = byPool.getMap("rows.find { it.group == '%s' }".formatted(pool));
        assertThat(row).containsEntry("putIn", 6).containsEntry("claimed", 2).containsEntry("assigned", 1)
                .containsEntry("released", 1).containsEntry("converted", 1).containsEntry("turnoverRate", 0.5f);
        assertThat(row.get("recycled")).isEqualTo(Map.of("NO_FOLLOW_UP", 1, "NO_PROGRESS", 0));
        assertThat(Duration.parse((String) row.get("medianTimeInPool"))).isPositive();

        JsonPath byRep = given().auth().oauth2(admin(T)).queryParam("from", from.toString()).queryParam("to", to)
                .queryParam("groupBy", "rep").get("/api/v1/reports/pool-flow").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> ritaRow = byRep.getMap("rows.find { it.group == '%s' }"
                .formatted(TestTokens.subject(T, "rita-flow")));
        assertThat(ritaRow).containsEntry("claimed", 2).containsEntry("released", 1).containsEntry("converted", 1);
        given().auth().oauth2(admin(T)).queryParam("groupBy", "day").get("/api/v1/reports/pool-flow").then()
                .statusCode(200).body("timeZone", equalTo("Asia/Shanghai"));

        given().auth().oauth2(admin(T)).queryParam("groupBy", "week").get("/api/v1/reports/pool-flow").then()
                .statusCode(400).body("errors[0].field", equalTo("groupBy"));
        given().auth().oauth2(admin(T)).queryParam("from", "2026-12-01").queryParam("to", "2026-11-01")
                .get("/api/v1/reports/pool-flow").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(admin(T)).queryParam("from", "2020-01-01").queryParam("to", "2026-11-01")
                .get("/api/v1/reports/pool-flow").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(admin(T)).queryParam("from", "yesterday").get("/api/v1/reports/pool-flow").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(rita).get("/api/v1/reports/pool-flow").then().statusCode(403);
    }
}
