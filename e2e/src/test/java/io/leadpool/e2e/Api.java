package io.leadpool.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;

/** The suite's HTTP API as a client sees it, with access tokens from the suite's Keycloak. */
final class Api {

    /** Users of {@code deploy/local/keycloak/realm-*.json} (realm roles in brackets). */
    static final Caller ALICE = Caller.user("acme", "alice"); // lead-admin
    static final Caller MIA = Caller.user("acme", "mia"); // sales-manager
    static final Caller BOB = Caller.user("acme", "bob"); // sales-rep
    static final Caller CAROL = Caller.user("acme", "carol"); // sales-rep
    static final Caller DAVE = Caller.user("acme", "dave"); // sales-rep
    static final Caller GATEWAY = Caller.gateway("acme"); // lead-source
    static final Caller GLOBEX_ALICE = Caller.user("globex", "alice");
    static final Caller GLOBEX_BOB = Caller.user("globex", "bob");

    private Api() {
    }

    /** A request to the service carrying the caller's current token. */
    static RequestSpecification at(Service service, Caller caller) {
        return at(service, caller.token());
    }

    /** A request to the service carrying exactly this bearer token. */
    static RequestSpecification at(Service service, String token) {
        return anonymous(service).auth().oauth2(token);
    }

    /** A request to the service without any token. */
    static RequestSpecification anonymous(Service service) {
        return given().baseUri(Suite.get().url(service));
    }

    static String leadJson(String name, String phone, String email) {
        return """
                {"name":"%s","company":"Acme Trading","phone":"%s","email":"%s","region":"Shanghai",
                 "industry":"finance","product":"loans","source":{"channel":"web","campaign":"spring"},
                 "attributes":{"size":"50"}}""".formatted(name, phone, email);
    }

    static Response postLead(Caller caller, String json) {
        return at(Service.INTAKE, caller).contentType(ContentType.JSON).body(json).post("/api/v1/leads");
    }

    /** Waits until dedup decided the intake; returns the intake's JSON as a map. */
    static Map<String, Object> awaitDecision(Caller caller, String intakeId, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(100)).until(
                () -> at(Service.INTAKE, caller).get("/api/v1/intake/{id}", intakeId).then().extract().jsonPath()
                        .<String, Object>getMap(""),
                intake -> intake != null && !"RECEIVED".equals(intake.get("status")));
    }

    static String defaultPool(Caller caller) {
        return at(Service.POOL, caller).get("/api/v1/pools").then().statusCode(200)
                .extract().path("find { it.default }.id");
    }

    static void setRules(String json) {
        at(Service.POOL, ALICE).contentType(ContentType.JSON).body(json)
                .put("/api/v1/pools/{id}/rules", defaultPool(ALICE)).then().statusCode(200);
    }
}
