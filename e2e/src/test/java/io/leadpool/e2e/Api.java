package io.leadpool.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.leadpool.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;

/** The suite's HTTP API as a client sees it, with real signed tokens. */
final class Api {

    static final String ALICE = TestTokens.token("acme", "alice", "lead-admin");
    static final String MIA = TestTokens.token("acme", "mia", "sales-manager");
    static final String BOB = TestTokens.token("acme", "bob", "sales-rep");
    static final String CAROL = TestTokens.token("acme", "carol", "sales-rep");
    static final String GATEWAY = TestTokens.token("acme", "service-account-lead-gateway", "lead-source");
    static final String GLOBEX_ALICE = TestTokens.token("globex", "alice", "lead-admin");

    private Api() {
    }

    static RequestSpecification at(Service service, String token) {
        RequestSpecification spec = given().baseUri(Suite.get().url(service));
        return token == null ? spec : spec.auth().oauth2(token);
    }

    static String leadJson(String name, String phone, String email) {
        return """
                {"name":"%s","company":"Acme Trading","phone":"%s","email":"%s","region":"Shanghai",
                 "industry":"finance","product":"loans","source":{"channel":"web","campaign":"spring"},
                 "attributes":{"size":"50"}}""".formatted(name, phone, email);
    }

    static Response postLead(String token, String json) {
        return at(Service.INTAKE, token).contentType(ContentType.JSON).body(json).post("/api/v1/leads");
    }

    /** Waits until dedup decided the intake; returns the intake's JSON as a map. */
    static Map<String, Object> awaitDecision(String token, String intakeId, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100)).until(
                () -> at(Service.INTAKE, token).get("/api/v1/intake/{id}", intakeId).then().extract().jsonPath()
                        .<String, Object>getMap(""),
                intake -> intake != null && !"RECEIVED".equals(intake.get("status")));
    }

    static String defaultPool(String token) {
        return at(Service.POOL, token).get("/api/v1/pools").then().statusCode(200)
                .extract().path("find { it.default }.id");
    }

    static void setRules(String json) {
        at(Service.POOL, ALICE).contentType(ContentType.JSON).body(json)
                .put("/api/v1/pools/{id}/rules", defaultPool(ALICE)).then().statusCode(200);
    }
}
