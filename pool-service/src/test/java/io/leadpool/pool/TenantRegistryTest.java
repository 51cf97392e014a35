package io.leadpool.pool;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A new tenant starts without a redeploy: the platform registers its realm, every service's directory
 * learns it from the event, its tokens pass; suspended, they stop passing. Tenant realms cannot reach the
 * registry, and the platform's token reaches no tenant's data.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class TenantRegistryTest {

    private static final String NEW = TestTokens.UNREGISTERED;

    @Test
    void a_registered_tenant_is_served_at_once_and_a_suspended_one_no_more() {
        String platform = TestTokens.token(TestTokens.PLATFORM, "root", "platform-admin");
        String newAdmin = TestTokens.token(NEW, "ada", "lead-admin");
        given().auth().oauth2(newAdmin).get("/api/v1/settings").then().statusCode(401);

        given().auth().oauth2(platform).contentType(ContentType.JSON)
                .body("{\"tenantId\":\"" + NEW + "\",\"displayName\":\"Initech\"}")
                .post("/api/v1/tenants").then().statusCode(201).body("status", equalTo("ACTIVE")).body("version", equalTo(1));
        await("the new tenant is served").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(newAdmin).get("/api/v1/settings").then().statusCode(200));
        given().auth().oauth2(platform).get("/api/v1/tenants").then().statusCode(200).body("tenantId", hasItem(NEW));
        // The tenant's own admins see what the platform did to it.
        given().auth().oauth2(newAdmin).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", hasItem("TENANT_REGISTERED")).body("items.actor.name", hasItem("platform:root"));

        given().auth().oauth2(platform).contentType(ContentType.JSON).body("{\"tenantId\":\"" + NEW + "\",\"displayName\":\"Again\"}")
                .post("/api/v1/tenants").then().statusCode(409).body("code", equalTo("TENANT_EXISTS"));

        given().auth().oauth2(platform).contentType(ContentType.JSON).body("{\"status\":\"SUSPENDED\"}")
                .put("/api/v1/tenants/{id}", NEW).then().statusCode(200).body("version", equalTo(2))
                .body("status", equalTo("SUSPENDED"));
        await("the suspended tenant is turned away").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(newAdmin).get("/api/v1/settings").then().statusCode(401));
        // Configured tenants are untouched.
        given().auth().oauth2(TestTokens.token("acme", "ann", "lead-admin")).get("/api/v1/settings").then().statusCode(200);
    }

    @Test
    void only_the_platform_realm_reaches_the_registry_and_it_reaches_nothing_else() {
        String tenantAdminCallingItselfPlatform = TestTokens.token("acme", "mallory", "lead-admin", "platform-admin");
        given().auth().oauth2(tenantAdminCallingItselfPlatform).get("/api/v1/tenants").then().statusCode(403);
        given().auth().oauth2(tenantAdminCallingItselfPlatform).contentType(ContentType.JSON)
                .body("{\"tenantId\":\"evil\",\"displayName\":\"Evil\"}").post("/api/v1/tenants").then().statusCode(403);
        String platformWithTenantRoles = TestTokens.token(TestTokens.PLATFORM, "root", "platform-admin", "lead-admin");
        given().auth().oauth2(platformWithTenantRoles).get("/api/v1/pools").then().statusCode(403);
        given().auth().oauth2(platformWithTenantRoles).get("/api/v1/settings").then().statusCode(403);
    }

    @Test
    void bad_registrations_are_refused_by_field() {
        String platform = TestTokens.token(TestTokens.PLATFORM, "root", "platform-admin");
        for (String body : new String[] {"{\"tenantId\":\"platform\",\"displayName\":\"x\"}",
                "{\"tenantId\":\"Bad Id\",\"displayName\":\"x\"}", "{\"tenantId\":\"ok-id\",\"displayName\":\" \"}",
                "{\"tenantId\":\"ok-id\",\"displayName\":\"x\",\"status\":\"ACTIVE\"}"}) {
            given().auth().oauth2(platform).contentType(ContentType.JSON).body(body).post("/api/v1/tenants")
                    .then().statusCode(400);
        }
        given().auth().oauth2(platform).get("/api/v1/tenants/{id}", "nobody").then().statusCode(404);
    }
}
