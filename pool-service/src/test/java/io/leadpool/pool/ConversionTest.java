package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.newLead;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadConverted;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lead → account + contact + opportunity, on real PostgreSQL and Kafka (tenant acme, default pool). */
@QuarkusTest
@WithTestResource(RealServers.class)
class ConversionTest {

    static final String T = "acme";

    @BeforeEach
    void plainRules() {
        PoolFixture.setRules(T, "{\"followUpTimeout\":\"P3D\"}");
    }

    static Response convert(String token, UUID leadId, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/leads/{id}/conversion", leadId);
    }

    static UUID ownedBy(String token, String company) {
        UUID id = newLead(T, company);
        claim(token, id).then().statusCode(200);
        return id;
    }

    @Test
    void a_lead_becomes_an_account_a_contact_and_an_opportunity_and_a_second_lead_of_the_company_joins_it() {
        String ann = rep(T, "ann");
        String company = "Zenith Robotics " + UUID.randomUUID().toString().substring(0, 8);
        UUID first = ownedBy(ann, company + " Co., Ltd.");
        var made = convert(ann, first, Map.of("opportunityName", "Pilot line", "amount", 12345.67)).then()
                .statusCode(201).body("accountCreated", equalTo(true)).extract().jsonPath();
        String accountId = made.getString("accountId");

        given().auth().oauth2(ann).get("/api/v1/leads/{id}", first).then().statusCode(200)
                .body("state", equalTo("CONVERTED")).body("deadlines.followUp", equalTo(null));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", first).then().statusCode(200)
                .body("action", hasItem("CONVERTED"));
        LeadConverted event = EventCodec.payload(TestTopics.await(EventType.LEAD_CONVERTED.topic(),
                e -> first.toString().equals(e.subject()) && EventType.LEAD_CONVERTED.type().equals(e.type()),
                Duration.ofSeconds(20)), LeadConverted.class);
        assertThat(event.accountId().toString()).isEqualTo(accountId);
        assertThat(event.amount()).isEqualByComparingTo(new BigDecimal("12345.67"));
        assertThat(event.accountCreated()).isTrue();

        UUID second = ownedBy(ann, company.toUpperCase() + " Inc.");
        convert(ann, second, Map.of("opportunityName", "Second line")).then().statusCode(201)
                .body("accountCreated", equalTo(false)).body("accountId", equalTo(accountId));
        given().auth().oauth2(ann).get("/api/v1/accounts/{id}", accountId).then().statusCode(200)
                .body("contacts", hasSize(2)).body("opportunities", hasSize(2))
                .body("opportunities.name", hasItem("Pilot line"));
        given().auth().oauth2(ann).get("/api/v1/me/leads").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(first.toString())));

        convert(ann, first, Map.of("opportunityName", "Again")).then().statusCode(409)
                .body("code", equalTo("ALREADY_CONVERTED"));
        given().auth().oauth2(rep(T, "bea")).get("/api/v1/accounts/{id}", accountId).then().statusCode(404);
        given().auth().oauth2(PoolFixture.admin("globex")).get("/api/v1/accounts/{id}", accountId).then()
                .statusCode(404);
    }

    @Test
    void only_the_owner_converts_and_bad_bodies_name_their_fields() {
        String cid = rep(T, "cid");
        UUID id = ownedBy(cid, "Orbit Foods " + UUID.randomUUID());
        convert(rep(T, "dot"), id, Map.of("opportunityName", "Mine now")).then().statusCode(404);
        UUID inPool = newLead(T);
        convert(cid, inPool, Map.of("opportunityName", "Not mine")).then().statusCode(409)
                .body("code", equalTo("NOT_OWNER"));
        convert(cid, id, Map.of("amount", -1)).then().statusCode(400)
                .body("errors.field", hasItem("opportunityName")).body("errors.field", hasItem("amount"));
        convert(cid, id, Map.of("opportunityName", "x".repeat(201), "amount", new BigDecimal("1.005"))).then()
                .statusCode(400).body("errors", hasSize(2));
        convert(cid, id, Map.of("opportunityName", "Deal", "ownerId", "someone")).then().statusCode(400)
                .body("code", equalTo("UNKNOWN_FIELD"));
        convert(cid, id, Map.of("opportunityName", "Deal", "accountId", UUID.randomUUID())).then().statusCode(400)
                .body("errors[0].field", equalTo("accountId"));
        given().auth().oauth2(cid).get("/api/v1/leads/{id}", id).then().statusCode(200).body("state",
                equalTo("OWNED"));
    }

    @Test
    void an_explicit_account_is_joined_and_another_tenants_account_is_unknown() {
        String eve = rep(T, "eve");
        UUID a = ownedBy(eve, "Helix Media " + UUID.randomUUID());
        String accountId = convert(eve, a, Map.of("opportunityName", "Ads")).then().statusCode(201)
                .extract().path("accountId");
        UUID b = ownedBy(eve, "Entirely Different Name " + UUID.randomUUID());
        convert(eve, b, Map.of("opportunityName", "More ads", "accountId", accountId)).then().statusCode(201)
                .body("accountId", equalTo(accountId)).body("accountCreated", equalTo(false));

        String globexRep = rep("globex", "fox");
        PoolFixture.setRules("globex", "{\"followUpTimeout\":\"P3D\"}");
        UUID theirs = newLead("globex");
        claim(globexRep, theirs).then().statusCode(200);
        convert(globexRep, theirs, Map.of("opportunityName", "Steal", "accountId", accountId)).then()
                .statusCode(400).body("errors[0].field", equalTo("accountId"));
    }

    @Test
    void a_rep_cannot_convert_into_another_reps_account_nor_read_it_after_trying() {
        String hal = rep(T, "hal");
        String accountId = convert(hal, ownedBy(hal, "Nimbus Tools " + UUID.randomUUID()),
                Map.of("opportunityName", "Tools")).then().statusCode(201).extract().path("accountId");
        // Another rep names hal's account: it does not exist for her, like another tenant's, and she gains nothing.
        String ivy = rep(T, "ivy");
        UUID hers = ownedBy(ivy, "Unrelated Bakery " + UUID.randomUUID());
        convert(ivy, hers, Map.of("opportunityName", "Steal", "accountId", accountId)).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("accountId"));
        given().auth().oauth2(ivy).get("/api/v1/accounts/{id}", accountId).then().statusCode(404);
        given().auth().oauth2(ivy).get("/api/v1/leads/{id}", hers).then().statusCode(200).body("state", equalTo("OWNED"));
        // A manager sees every account of the tenant, so may name it.
        String mona = TestTokens.token(T, "mona", "sales-manager");
        UUID managers = ownedBy(mona, "Another Bakery " + UUID.randomUUID());
        convert(mona, managers, Map.of("opportunityName", "Joined", "accountId", accountId)).then().statusCode(201)
                .body("accountId", equalTo(accountId));
    }

    @Test
    void leads_of_one_company_converted_at_once_make_one_account() {
        String gil = rep(T, "gil");
        PoolFixture.setRules(T, "{}");
        String company = "Quasar Labs " + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(ownedBy(gil, i % 2 == 0 ? company + " Ltd" : company.toLowerCase() + " limited"));
        }
        List<CompletableFuture<Response>> calls = ids.stream().map(id -> CompletableFuture.supplyAsync(
                () -> convert(gil, id, Map.of("opportunityName", "Deal " + id)))).toList();
        Set<String> accounts = new HashSet<>();
        int created = 0;
        for (CompletableFuture<Response> call : calls) {
            Response r = call.join();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
            accounts.add(r.path("accountId"));
            created += Boolean.TRUE.equals(r.path("accountCreated")) ? 1 : 0;
        }
        assertThat(accounts).hasSize(1);
        assertThat(created).isEqualTo(1);
    }
}
