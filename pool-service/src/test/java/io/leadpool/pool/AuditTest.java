package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin actions of pool-service leave an audit entry (who, when, what, on what, before and after) in the
 * same transaction; the tenant's admins read it at GET /api/v1/audit, nobody else does.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class AuditTest {

    static final String T = "acme";
    static final String ALICE = TestTokens.subject(T, "alice");

    @Inject
    AuditLog audit;
    @Inject
    TenantTransactions tx;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static ValidatableResponse audit(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).get("/api/v1/audit").then();
    }

    static ValidatableResponse auditOf(String type, Object id) {
        return audit(admin(T), Map.of("targetType", type, "targetId", id.toString())).statusCode(200);
    }

    /** Makes a rep known to the pool (first use of their token); returns their id. */
    static String knownRep(String name) {
        given().auth().oauth2(rep(T, name)).get("/api/v1/me/leads").then().statusCode(200);
        return TestTokens.subject(T, name);
    }

    @Test
    void a_pool_s_life_is_in_the_log_newest_first_with_before_and_after() {
        String name = "Audit pool " + UUID.randomUUID();
        String id = given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "first")).post("/api/v1/pools")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("name", name + " (renamed)", "description", "second")).put("/api/v1/pools/{id}", id)
                .then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("followUpTimeout", "P5D"))
                .put("/api/v1/pools/{id}/rules", id).then().statusCode(200);
        given().auth().oauth2(admin(T)).delete("/api/v1/pools/{id}", id).then().statusCode(204);

        auditOf("pool", id).body("items", hasSize(4)).body("next", nullValue())
                .body("items.action", equalTo(List.of("POOL_DELETED", "POOL_RULES_REPLACED", "POOL_UPDATED",
                        "POOL_CREATED")))
                .body("items.actor.id", equalTo(List.of(ALICE, ALICE, ALICE, ALICE)))
                .body("items[0].actor.name", equalTo("alice"))
                .body("items[0].target.type", equalTo("pool")).body("items[0].target.id", equalTo(id))
                .body("items[0].service", equalTo("pool-service")).body("items[0].at", notNullValue())
                .body("items[0].before.name", equalTo(name + " (renamed)")).body("items[0].after", nullValue())
                .body("items[1].after.followUpTimeout", equalTo("P5D"))
                .body("items[1].before.followUpTimeout", not(equalTo("P5D")))
                .body("items[2].before.name", equalTo(name)).body("items[2].before.description", equalTo("first"))
                .body("items[2].after.name", equalTo(name + " (renamed)"))
                .body("items[2].after.description", equalTo("second"))
                .body("items[3].before", nullValue()).body("items[3].after.name", equalTo(name));

        // Paging: newest first, by cursor, with an explicit page size.
        String next = audit(admin(T), Map.of("targetId", id, "limit", "3")).statusCode(200)
                .body("items", hasSize(3)).body("next", notNullValue()).extract().path("next");
        audit(admin(T), Map.of("targetId", id, "limit", "3", "after", next)).statusCode(200)
                .body("items.action", equalTo(List.of("POOL_CREATED"))).body("next", nullValue());
        audit(admin(T), Map.of("targetId", id, "action", "POOL_UPDATED", "actor", "alice")).statusCode(200)
                .body("items", hasSize(1));
        audit(admin(T), Map.of("targetId", id, "from", "2999-01-01T00:00:00Z")).statusCode(200).body("items", empty());

        // A refused action leaves nothing.
        String defaultPool = PoolFixture.defaultPool(T);
        given().auth().oauth2(admin(T)).delete("/api/v1/pools/{id}", defaultPool).then().statusCode(409);
        audit(admin(T), Map.of("targetId", defaultPool, "action", "POOL_DELETED")).statusCode(200).body("items", empty());
    }

    @Test
    void only_the_tenant_s_admins_read_the_log_and_another_tenant_sees_none_of_it() {
        String id = given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body(Map.of("name", "Audit isolation " + UUID.randomUUID())).post("/api/v1/pools")
                .then().statusCode(201).extract().path("id");
        auditOf("pool", id).body("items", hasSize(1));
        audit(rep(T, "bob"), Map.of()).statusCode(403);
        audit(TestTokens.token(T, "mia", "sales-manager"), Map.of()).statusCode(403);
        given().get("/api/v1/audit").then().statusCode(401);
        String globexAdmin = admin("globex");
        audit(globexAdmin, Map.of("targetId", id)).statusCode(200).body("items", empty());
        audit(globexAdmin, Map.of("limit", "200")).statusCode(200)
                .body("items.target.id", not(org.hamcrest.Matchers.hasItem(id)))
                .body("items.actor.id", not(org.hamcrest.Matchers.hasItem(ALICE)));
    }

    @Test
    void settings_reps_offboarding_and_hand_overs_are_logged() {
        // Settings put back as they are: an entry with both sides.
        Map<String, Object> settings = given().auth().oauth2(admin(T)).get("/api/v1/settings").then().statusCode(200)
                .extract().as(Map.class);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(settings).put("/api/v1/settings")
                .then().statusCode(200);
        audit(admin(T), Map.of("targetType", "tenant", "targetId", T, "limit", "1")).statusCode(200)
                .body("items[0].action", equalTo("TENANT_SETTINGS_CHANGED"))
                .body("items[0].before.timeZone", equalTo(settings.get("timeZone")))
                .body("items[0].after.tiers", equalTo(settings.get("tiers")));

        String rita = knownRep("audit-rita");
        Map<String, Object> profile = Map.of("tier", "junior", "active", true, "skills",
                Map.of("industries", List.of("retail")), "teams", List.of("audit-team"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(profile).put("/api/v1/reps/{id}", rita)
                .then().statusCode(200);
        auditOf("rep", rita).body("items[0].action", equalTo("REP_UPDATED"))
                .body("items[0].before.tier", equalTo("default")).body("items[0].before.teams", empty())
                .body("items[0].after.tier", equalTo("junior"))
                .body("items[0].after.teams", equalTo(List.of("audit-team")));

        String olga = knownRep("audit-olga-" + UUID.randomUUID());
        UUID lead = PoolFixture.newLead(T);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("repId", rita, "force", true))
                .post("/api/v1/leads/{id}/assign", lead).then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("repId", olga, "force", true))
                .post("/api/v1/leads/{id}/transfer", lead).then().statusCode(200);
        auditOf("lead", lead).body("items.action", equalTo(List.of("LEAD_TRANSFERRED", "LEAD_ASSIGNED")))
                .body("items[1].before.state", equalTo("IN_POOL")).body("items[1].before.ownerId", nullValue())
                .body("items[1].after.state", equalTo("OWNED")).body("items[1].after.ownerId", equalTo(rita))
                .body("items[1].after.forced", equalTo(true))
                .body("items[0].before.ownerId", equalTo(rita)).body("items[0].after.ownerId", equalTo(olga));

        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("mode", "RELEASE"))
                .post("/api/v1/reps/{id}/offboarding", olga).then().statusCode(200).body("moved", equalTo(1));
        auditOf("rep", olga).body("items[0].action", equalTo("REP_OFFBOARDED"))
                .body("items[0].before.active", equalTo(true))
                .body("items[0].after.profile.active", equalTo(false))
                .body("items[0].after.mode", equalTo("RELEASE"))
                .body("items[0].after.leadIds", equalTo(List.of(lead.toString())));
    }

    @Test
    void bad_parameters_are_400_problems_naming_them() {
        audit(admin(T), Map.of("limit", "0", "from", "yesterday", "after", "not-a-cursor")).statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "from", "after"));
        audit(admin(T), Map.of("limit", "201")).statusCode(400).body("errors.field", equalTo(List.of("limit")));
        audit(admin(T), Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")).statusCode(400)
                .body("errors.field", equalTo(List.of("to")));
    }

    @Test
    void an_entry_is_written_only_inside_a_transaction_bound_to_the_actor_s_tenant() {
        Actor alice = new Actor(T, ALICE, "alice", Set.of(Actor.LEAD_ADMIN));
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> audit.record(alice, "TEST", "nothing", "1", null, Map.of("x", 1)))))
                .hasMessageContaining("not bound to tenant acme");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("globex",
                () -> audit.record(alice, "TEST", "nothing", "2", null, Map.of("x", 1)))))
                .hasMessageContaining("not bound to tenant acme");
        audit(admin(T), Map.of("targetType", "nothing")).statusCode(200).body("items", empty());
    }
}
