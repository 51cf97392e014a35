package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant's time zone and tiers: rules and rep profiles may only name known tiers, and a tier in use
 * cannot disappear. Uses the globex tenant and restores its settings at the end.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class TenantSettingsTest {

    static final String T = "globex";

    static io.restassured.response.Response put(Object body) {
        return given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(body).put("/api/v1/settings");
    }

    @Test
    void tiers_are_the_tenants_own_and_rules_and_reps_must_use_them() {
        given().auth().oauth2(rep(T, "oli")).get("/api/v1/settings").then().statusCode(200)
                .body("timeZone", equalTo("Asia/Shanghai")).body("tiers", equalTo(List.of("default", "junior", "senior")));
        String pool = PoolFixture.defaultPool(T);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body("{\"holdingLimits\":{\"default\":5,\"byTier\":{\"gold\":9}}}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors.field", hasItem("holdingLimits.byTier.gold"));

        put(Map.of("timeZone", "Europe/Berlin", "tiers", List.of("default", "junior", "senior", "gold")))
                .then().statusCode(200).body("tiers", hasItem("gold"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body("{\"holdingLimits\":{\"default\":50,\"byTier\":{\"gold\":90}}}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(200);

        given().auth().oauth2(rep(T, "oli")).get("/api/v1/me/leads").then().statusCode(200);
        String oli = TestTokens.subject(T, "oli");
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "platinum", "active", true,
                "skills", Map.of(), "teams", List.of())).put("/api/v1/reps/{id}", oli).then().statusCode(400)
                .body("errors[0].field", equalTo("tier"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "gold", "active", true,
                "skills", Map.of(), "teams", List.of())).put("/api/v1/reps/{id}", oli).then().statusCode(200);
        put(Map.of("timeZone", "Europe/Berlin", "tiers", List.of("default", "junior", "senior")))
                .then().statusCode(409).body("code", equalTo("TIER_IN_USE"));

        put(Map.of("timeZone", "Mars/Olympus", "tiers", List.of("junior", "Bad Tier"))).then().statusCode(400)
                .body("errors.field", hasItem("timeZone")).body("errors.field", hasItem("tiers"))
                .body("errors.field", hasItem("tiers[1]"));
        put(Map.of("timeZone", "Asia/Shanghai", "tiers", List.of("default"), "tenantId", "acme")).then()
                .statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        given().auth().oauth2(rep(T, "oli")).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "UTC", "tiers", List.of("default"))).put("/api/v1/settings").then()
                .statusCode(403);

        // Restore: the rep back to the default tier, the rules without gold, the settings as they were.
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", true,
                "skills", Map.of(), "teams", List.of())).put("/api/v1/reps/{id}", oli).then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body("{}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(200);
        put(Map.of("timeZone", "Asia/Shanghai", "tiers", List.of("default", "junior", "senior"))).then()
                .statusCode(200);
    }
}
