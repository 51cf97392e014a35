package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.rep;
import static io.leadpool.pool.PoolFixture.setRules;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reps set up by admins; leads handed out by managers and admins (tenant globex). */
@QuarkusTest
@WithTestResource(RealServers.class)
class AssignmentTest {

    static final String T = "globex";
    static final String MANAGER = TestTokens.token(T, "mia", "sales-manager");

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

    /** Makes a rep known (first use of their token) and sets their profile. */
    static String knownRep(String name, String tier, boolean active, List<String> teams) {
        given().auth().oauth2(rep(T, name)).get("/api/v1/me/leads").then().statusCode(200); // first use
        String id = TestTokens.subject(T, name);
        profile(id, Map.of("tier", tier, "active", active, "skills", Map.of("industries", List.of("retail"),
                "regions", List.of(), "products", List.of()), "teams", teams)).then().statusCode(200)
                .body("tier", equalTo(tier)).body("teams", equalTo(teams));
        return id;
    }

    static Response profile(String repId, Object body) {
        return given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(body).put("/api/v1/reps/{id}", repId);
    }

    static Response assign(String token, UUID lead, String repId, boolean force) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("repId", repId, "force", force)).post("/api/v1/leads/{id}/assign", lead);
    }

    static Response transfer(String token, UUID lead, String repId) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("repId", repId))
                .post("/api/v1/leads/{id}/transfer", lead);
    }

    @Test
    void admins_set_reps_up_and_list_them_with_what_they_hold() {
        String id = knownRep("rita", "senior", true, List.of("east"));
        claim(rep(T, "rita"), lead()).then().statusCode(200);
        given().auth().oauth2(admin(T)).get("/api/v1/reps").then().statusCode(200)
                .body("find { it.id == '%s' }.held".formatted(id), equalTo(1))
                .body("find { it.id == '%s' }.skills.industries".formatted(id), equalTo(List.of("retail")));
        profile(id, Map.of("tier", "Senior Rep", "active", true, "teams", List.of()))
                .then().statusCode(400).body("errors.field", hasItem("tier")).body("errors.field", hasItem("skills"));
        profile("nobody-" + UUID.randomUUID(), Map.of("tier", "senior", "active", true, "skills", Map.of(),
                "teams", List.of())).then().statusCode(404);
        given().auth().oauth2(rep(T, "rita")).contentType(ContentType.JSON).body(Map.of("tier", "boss"))
                .put("/api/v1/reps/{id}", id).then().statusCode(403);
    }

    @Test
    void an_assignment_respects_the_holding_limit_unless_an_admin_forces_it() {
        setRules(T, "{\"holdingLimits\":{\"default\":1}}");
        String sam = knownRep("sam", "default", true, List.of("east"));
        UUID first = lead();
        UUID second = lead();
        assign(admin(T), first, sam, false).then().statusCode(200).body("ownerId", equalTo(sam))
                .body("state", equalTo("OWNED"));
        assign(admin(T), second, sam, false).then().statusCode(409).body("code", equalTo("HOLDING_LIMIT"));
        assign(MANAGER, second, sam, true).then().statusCode(403).body("code", equalTo("FORCE_NOT_ALLOWED"));
        assign(admin(T), second, sam, true).then().statusCode(200).body("ownerId", equalTo(sam));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", second).then()
                .body("[1].action", equalTo("ASSIGNED")).body("[1].reason", equalTo("FORCED"))
                .body("[1].actorId", equalTo(TestTokens.subject(T, "alice")));
        assign(admin(T), first, sam, false).then().statusCode(409).body("code", equalTo("ALREADY_CLAIMED"));
    }

    @Test
    void a_manager_hands_out_only_to_reps_of_their_teams() {
        knownRep("mia", "default", true, List.of("east"));
        String tom = knownRep("tom", "default", true, List.of("east", "retail"));
        String una = knownRep("una", "default", true, List.of("west"));
        assign(MANAGER, lead(), tom, false).then().statusCode(200).body("ownerId", equalTo(tom));
        assign(MANAGER, lead(), una, false).then().statusCode(403).body("code", equalTo("NOT_YOUR_TEAM"));
        given().auth().oauth2(MANAGER).get("/api/v1/reps").then().statusCode(200)
                .body("id", hasItem(tom)).body("id", not(hasItem(una)));
        assign(rep(T, "tom"), lead(), tom, false).then().statusCode(403);
    }

    @Test
    void a_transfer_moves_an_owned_lead_with_its_history() {
        String vic = knownRep("vic", "default", true, List.of("east"));
        String wes = knownRep("wes", "default", true, List.of("east"));
        UUID id = lead();
        claim(rep(T, "vic"), id).then().statusCode(200);
        transfer(admin(T), id, wes).then().statusCode(200).body("ownerId", equalTo(wes));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", id).then()
                .body("action", equalTo(List.of("POOLED", "CLAIMED", "TRANSFERRED")))
                .body("[2].fromOwner", equalTo(vic)).body("[2].toOwner", equalTo(wes));
        given().auth().oauth2(rep(T, "vic")).get("/api/v1/me/leads").then().body("id", not(hasItem(id.toString())));
        given().auth().oauth2(rep(T, "vic")).get("/api/v1/leads/{id}", id).then().statusCode(404);
        transfer(admin(T), lead(), wes).then().statusCode(409).body("code", equalTo("NOT_OWNED"));
    }

    @Test
    void an_inactive_rep_neither_claims_nor_receives() {
        String xia = knownRep("xia", "default", false, List.of());
        claim(rep(T, "xia"), lead()).then().statusCode(409).body("code", equalTo("REP_INACTIVE"));
        assign(admin(T), lead(), xia, false).then().statusCode(409).body("code", equalTo("REP_INACTIVE"));
        assign(admin(T), lead(), "no-such-rep", false).then().statusCode(404);
    }

    @Test
    void an_offboarded_reps_leads_all_move_at_once_and_the_rep_is_deactivated() {
        String yan = knownRep("yan", "default", true, List.of("east"));
        String zoe = knownRep("zoe", "default", true, List.of("east"));
        String leaving = knownRep("leaving", "default", true, List.of("east"));
        List<UUID> ids = List.of(lead(), lead(), lead());
        ids.forEach(id -> claim(rep(T, "leaving"), id).then().statusCode(200));
        given().auth().oauth2(rep(T, "leaving")).post("/api/v1/leads/{id}/lock", ids.get(2)).then().statusCode(200);

        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("mode", "TRANSFER", "toRepId", zoe))
                .post("/api/v1/reps/{id}/offboarding", leaving).then().statusCode(200)
                .body("moved", equalTo(3)).body("leadIds", org.hamcrest.Matchers.hasSize(3));
        ids.forEach(id -> given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}", id).then()
                .body("ownerId", equalTo(zoe)).body("state", equalTo("OWNED")));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", ids.get(0)).then()
                .body("action", hasItem("REP_OFFBOARDED")).body("find { it.action == 'REP_OFFBOARDED' }.fromOwner",
                        equalTo(leaving));
        claim(rep(T, "leaving"), lead()).then().statusCode(409).body("code", equalTo("REP_INACTIVE"));

        UUID last = lead();
        claim(rep(T, "yan"), last).then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("mode", "RELEASE"))
                .post("/api/v1/reps/{id}/offboarding", yan).then().statusCode(200).body("moved", equalTo(1));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}", last).then().body("state", equalTo("IN_POOL"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("mode", "TRANSFER"))
                .post("/api/v1/reps/{id}/offboarding", zoe).then().statusCode(400).body("errors.field", hasItem("toRepId"));
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(Map.of("mode", "RELEASE"))
                .post("/api/v1/reps/{id}/offboarding", zoe).then().statusCode(403);
    }
}
