package io.leadpool.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealServers.class)
class LeadIntakeTest {

    private static final String BOB = TestTokens.token("acme", "bob", "sales-rep");
    private static final String GATEWAY = TestTokens.token("acme", "service-account-lead-gateway", "lead-source");

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String lead(String phone, String email) {
        return """
                {"name":"Li Lei","company":"Acme Trading","phone":"%s","email":"%s","region":"Shanghai",
                 "industry":"finance","source":{"channel":"web","campaign":"spring"},"attributes":{"size":"50"}}
                """.formatted(phone, email);
    }

    private static String post(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/leads")
                .then().statusCode(202)
                .body("status", equalTo("RECEIVED"))
                .header("Location", notNullValue())
                .extract().path("intakeId");
    }

    @Test
    void a_posted_lead_is_received_and_published_through_the_outbox() {
        String intakeId = post(GATEWAY, lead("+86 138 0013 8000", "li.lei@example.com"));

        EventEnvelope event = TestTopics.await(Topics.LEAD_RECEIVED, e -> intakeId.equals(e.subject()),
                Duration.ofSeconds(20));
        LeadReceived received = EventCodec.payload(event, LeadReceived.class);
        assertThat(event.tenantid()).isEqualTo("acme");
        assertThat(event.source()).isEqualTo("/lead-intake-service");
        assertThat(received.lead().phone()).isEqualTo("+86 138 0013 8000");
        assertThat(received.lead().source().campaign()).isEqualTo("spring");
        assertThat(received.receivedBy()).isEqualTo(TestTokens.subject("acme", "service-account-lead-gateway"));
    }

    @Test
    void the_event_of_a_posted_lead_continues_the_requests_trace() {
        // A caller (the API gateway) that traces: the outbox row keeps the request's trace, the relay's record
        // carries it on in its traceparent header (docs/operations.md, Signals).
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String intakeId = given().auth().oauth2(GATEWAY).contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + traceId.substring(16) + "-01")
                .body(lead("+86 138 0013 8077", "traced@example.com"))
                .when().post("/api/v1/leads").then().statusCode(202).extract().path("intakeId");
        var record = TestTopics.awaitRecord(Topics.LEAD_RECEIVED, e -> intakeId.equals(e.subject()), Duration.ofSeconds(20));
        var header = record.headers().lastHeader("traceparent");
        assertThat(header).isNotNull();
        assertThat(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8).split("-")[1]).isEqualTo(traceId);
    }

    @Test
    void the_dedup_decision_finishes_the_intake_and_is_final() {
        String intakeId = post(BOB, lead("+86 138 0013 8001", "a@example.com"));
        UUID leadId = Uuid7.next();
        LeadDetails details = new LeadDetails("Li Lei", null, null, "a@example.com", null, null, null, null, null);
        EventEnvelope accepted = TestTopics.publish("acme", leadId,
                new LeadAccepted(UUID.fromString(intakeId), leadId, details, null, "a@example.com"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(BOB)
                .get("/api/v1/intake/{id}", intakeId)
                .then().statusCode(200).body("status", equalTo("ACCEPTED")).body("leadId", equalTo(leadId.toString())));

        // The same event again, and a contradicting one: neither changes a decided intake.
        TestTopics.send(Topics.DEDUP_OUTCOMES, Topics.key("acme", leadId), EventCodec.toJson(accepted));
        TestTopics.publish("acme", leadId, new LeadDuplicateDetected(UUID.fromString(intakeId), Uuid7.next(),
                List.of("EMAIL"), details));
        String marker = post(BOB, lead("+86 138 0013 8002", "marker@example.com"));
        UUID markerLead = Uuid7.next();
        TestTopics.publish("acme", markerLead, new LeadAccepted(UUID.fromString(marker), markerLead, details, null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(BOB)
                .get("/api/v1/intake/{id}", marker).then().body("status", equalTo("ACCEPTED")));
        given().auth().oauth2(BOB).get("/api/v1/intake/{id}", intakeId)
                .then().body("status", equalTo("ACCEPTED")).body("leadId", equalTo(leadId.toString()));
    }

    @Test
    void a_duplicate_decision_names_the_existing_lead() {
        String intakeId = post(BOB, lead("+86 138 0013 8003", "dup@example.com"));
        UUID existing = Uuid7.next();
        TestTopics.publish("acme", existing, new LeadDuplicateDetected(UUID.fromString(intakeId), existing,
                List.of("PHONE", "EMAIL"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(BOB)
                .get("/api/v1/intake/{id}", intakeId)
                .then().statusCode(200).body("status", equalTo("DUPLICATE"))
                .body("duplicateOf", equalTo(existing.toString())).body("matchedOn", hasItem("PHONE")));
    }

    @Test
    void the_same_idempotency_key_returns_the_same_intake() {
        String body = lead("+86 138 0013 8004", "idem@example.com");
        String first = given().auth().oauth2(BOB).header("Idempotency-Key", "k-1").contentType(ContentType.JSON)
                .body(body).post("/api/v1/leads").then().statusCode(202).extract().path("intakeId");
        given().auth().oauth2(BOB).header("Idempotency-Key", "k-1").contentType(ContentType.JSON).body(body)
                .post("/api/v1/leads").then().statusCode(200).body("intakeId", equalTo(first));
    }

    @Test
    void a_lead_without_contact_is_refused_naming_the_fields() {
        given().auth().oauth2(BOB).contentType(ContentType.JSON).body("{\"region\":\"Shanghai\"}")
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("phone"))
                .body("errors.field", hasItem("name"));
    }

    @Test
    void server_owned_fields_are_refused() {
        given().auth().oauth2(BOB).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"phone\":\"13800138000\",\"tenantId\":\"globex\"}")
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_FIELD"));
    }

    @Test
    void broken_json_is_a_problem_not_a_crash() {
        given().auth().oauth2(BOB).contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/api/v1/leads")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"));
    }

    @Test
    void tokens_that_are_missing_expired_forged_or_for_another_audience_are_refused() {
        String body = lead("+86 138 0013 8005", "x@example.com");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/leads").then().statusCode(401);
        for (String token : List.of(TestTokens.expired("acme", "bob", "sales-rep"),
                TestTokens.wrongAudience("acme", "bob", "sales-rep"),
                TestTokens.forged("acme", "globex", "bob", "sales-rep"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/leads")
                    .then().statusCode(401);
        }
    }

    @Test
    void a_token_without_a_suite_role_is_forbidden() {
        given().auth().oauth2(TestTokens.token("acme", "eve")).contentType(ContentType.JSON)
                .body(lead("+86 138 0013 8006", "eve@example.com")).post("/api/v1/leads")
                .then().statusCode(403);
    }

    @Test
    void another_tenants_intake_does_not_exist_for_the_caller() {
        String intakeId = post(BOB, lead("+86 138 0013 8007", "t@example.com"));
        given().auth().oauth2(TestTokens.token("globex", "bob", "sales-rep"))
                .get("/api/v1/intake/{id}", intakeId)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        given().auth().oauth2(BOB).get("/api/v1/intake/{id}", intakeId).then().statusCode(200);
    }
}
