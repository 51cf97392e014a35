package io.leadpool.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.leadpool.intake.imports.ImportTest;
import io.leadpool.intake.imports.TestFiles;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** lead-intake-service's admin actions (channels, import cancellations) in the audit log of their tenant. */
@QuarkusTest
@WithTestResource(RealServers.class)
class AuditTest {

    static final String ADMIN = TestTokens.token("acme", "alice", "lead-admin");
    static final String GLOBEX_ADMIN = TestTokens.token("globex", "alice", "lead-admin");

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static ValidatableResponse audit(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).get("/api/v1/audit").then();
    }

    @Test
    void a_channel_created_and_disabled_is_logged_without_its_key() {
        String name = "Audit channel " + UUID.randomUUID();
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "campaign", "audit", "ratePerMinute", 30)).post("/api/v1/channels")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/{id}", id).then().statusCode(204);
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/{id}", id).then().statusCode(404);

        audit(ADMIN, Map.of("targetType", "channel", "targetId", id)).statusCode(200)
                .body("items.action", equalTo(List.of("CHANNEL_DISABLED", "CHANNEL_CREATED")))
                .body("items[1].before", nullValue())
                .body("items[1].after.name", equalTo(name)).body("items[1].after.ratePerMinute", equalTo(30))
                .body("items[1].after", not(hasKey("key")))
                .body("items[0].before.active", equalTo(true)).body("items[0].after.active", equalTo(false))
                .body("items[0].actor.id", equalTo(TestTokens.subject("acme", "alice")))
                .body("items[0].service", equalTo("lead-intake-service"));
        audit(GLOBEX_ADMIN, Map.of("targetId", id)).statusCode(200).body("items", empty());
    }

    @Test
    void an_import_cancelled_is_logged_running_before_and_cancelled_after() {
        String manager = TestTokens.token("acme", "mia", "sales-manager");
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Audit Li,13800139001", "Audit Han,13800139002");
        String importId = ImportTest.upload(ADMIN, "audit.csv", file, null).statusCode(202).extract().path("importId");
        given().auth().oauth2(manager).delete("/api/v1/imports/{id}", importId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().auth().oauth2(manager).delete("/api/v1/imports/{id}", importId).then().statusCode(409)
                .body("code", equalTo("IMPORT_FINISHED"));

        audit(ADMIN, Map.of("targetType", "import", "targetId", importId)).statusCode(200)
                .body("items.action", equalTo(List.of("IMPORT_CANCELLED")))
                .body("items[0].actor.name", equalTo("mia"))
                .body("items[0].before.status", equalTo("RUNNING")).body("items[0].before.total", equalTo(2))
                .body("items[0].after.status", equalTo("CANCELLED"))
                .body("items[0].after.finishedAt", org.hamcrest.Matchers.notNullValue());
        // Managers cancel imports but do not read the log; nor do reps or gateways; nor another tenant.
        audit(manager, Map.of()).statusCode(403);
        audit(TestTokens.token("acme", "bob", "sales-rep"), Map.of()).statusCode(403);
        audit(TestTokens.token("acme", "gateway", "lead-source"), Map.of()).statusCode(403);
        audit(GLOBEX_ADMIN, Map.of("targetId", importId)).statusCode(200).body("items", empty());
    }
}
