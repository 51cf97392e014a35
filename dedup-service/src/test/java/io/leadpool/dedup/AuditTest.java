package io.leadpool.dedup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.leadpool.dedup.identity.Decision;
import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dedup-service's admin actions (policy changes, conflict resolutions) in the audit log of their tenant. */
@QuarkusTest
@WithTestResource(RealServers.class)
class AuditTest {

    @Inject
    DedupService dedup;
    @Inject
    TenantTransactions tx;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String admin(String tenant) {
        return TestTokens.token(tenant, "alice", "lead-admin");
    }

    static ValidatableResponse audit(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).get("/api/v1/audit").then();
    }

    UUID accepted(String tenant, String company, String phone) throws Throwable {
        LeadDetails lead = new LeadDetails("Audit", company, phone, null, "Shanghai", null, null,
                new LeadDetails.LeadSource("web", null), null);
        List<Decision> decided = VertxContextSupport.subscribeAndAwait(() -> tx.inTenant(tenant,
                () -> dedup.decideAll(tenant, List.of(new LeadReceived(Uuid7.next(), lead, "someone", Instant.now())))));
        return ((Decision.Accepted) decided.get(0)).leadId();
    }

    @Test
    void a_policy_change_is_logged_with_the_policy_before_and_after() {
        String globex = admin("globex");
        Map<String, Object> was = given().auth().oauth2(globex).get("/api/v1/dedup/policy").then().statusCode(200)
                .extract().as(Map.class);
        try {
            given().auth().oauth2(globex).contentType(ContentType.JSON)
                    .body(Map.of("companyMatch", "FLAG", "threshold", 0.85)).put("/api/v1/dedup/policy")
                    .then().statusCode(200);
        } finally {
            given().auth().oauth2(globex).contentType(ContentType.JSON).body(was).put("/api/v1/dedup/policy")
                    .then().statusCode(200);
        }
        audit(globex, Map.of("targetType", "dedup-policy", "targetId", "globex", "limit", "2")).statusCode(200)
                .body("items.action", equalTo(List.of("DEDUP_POLICY_CHANGED", "DEDUP_POLICY_CHANGED")))
                .body("items[1].before.companyMatch", equalTo(was.get("companyMatch")))
                .body("items[1].after.companyMatch", equalTo("FLAG"))
                .body("items[1].after.threshold", equalTo(0.85f))
                .body("items[0].before.threshold", equalTo(0.85f))
                .body("items[0].after.companyMatch", equalTo(was.get("companyMatch")))
                .body("items[0].actor.id", equalTo(TestTokens.subject("globex", "alice")))
                .body("items[0].service", equalTo("dedup-service"));
        // Another tenant's admin sees none of it; reps and managers see nothing at all.
        audit(admin("acme"), Map.of("targetType", "dedup-policy", "targetId", "globex")).statusCode(200)
                .body("items", empty());
        audit(TestTokens.token("globex", "bob", "sales-rep"), Map.of()).statusCode(403);
        audit(TestTokens.token("globex", "mia", "sales-manager"), Map.of()).statusCode(403);
    }

    @Test
    void a_conflict_resolution_is_logged_with_the_conflict_open_before_and_resolved_after() throws Throwable {
        UUID existing = accepted("acme", "Zephyrine Quokka Trading Co., Ltd.", "+86 135 0077 0001");
        UUID fresh = accepted("acme", "Zephyrine Quokka Trading Limited", "+86 135 0077 0002");
        String conflictId = given().auth().oauth2(admin("acme")).queryParam("size", 200).get("/api/v1/conflicts")
                .then().statusCode(200).extract().path("find { it.leadId == '" + fresh + "' }.conflictId");
        assertThat(conflictId).isNotNull();
        String manager = TestTokens.token("acme", "mia", "sales-manager");
        given().auth().oauth2(manager).contentType(ContentType.JSON).body(Map.of("action", "KEEP_BOTH"))
                .post("/api/v1/conflicts/{id}/resolution", conflictId).then().statusCode(200);

        audit(admin("acme"), Map.of("targetType", "conflict", "targetId", conflictId)).statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("CONFLICT_RESOLVED"))
                .body("items[0].actor.id", equalTo(TestTokens.subject("acme", "mia")))
                .body("items[0].actor.name", equalTo("mia"))
                .body("items[0].before.status", equalTo("OPEN")).body("items[0].before.action", nullValue())
                .body("items[0].before.existingLeadId", equalTo(existing.toString()))
                .body("items[0].after.status", equalTo("RESOLVED"))
                .body("items[0].after.action", equalTo("KEEP_BOTH"));
        // The arbiter (a manager) does not read the log; another tenant's admin finds nothing.
        audit(manager, Map.of("targetId", conflictId)).statusCode(403);
        audit(admin("globex"), Map.of("targetId", conflictId)).statusCode(200).body("items", empty());
    }
}
