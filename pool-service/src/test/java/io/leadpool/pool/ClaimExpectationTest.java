package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.release;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rep's claim expects the lead in the pool the rep claimed from last, with that pool's default clocks, and is one
 * call of {@code claim_lead} when it is so (migration V16). These are the cases where it is not: the rules, clocks
 * and event must still be those of the lead's own pool, level and stage, and of the rules as they are now.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class ClaimExpectationTest {

    static final String T = "acme";
    static final String NORTH = "Expectville North";
    static final String SOUTH = "Expectville South";
    static String north;
    static String south;

    /** Once per class, but after the application started (a static @BeforeAll runs before it does). */
    @BeforeEach
    void createPools() {
        if (north != null) {
            return;
        }
        north = PoolFixture.regionPool(T, "Expect north", NORTH, 90);
        south = PoolFixture.regionPool(T, "Expect south", SOUTH, 90);
        rules(north, "{\"followUpTimeout\":\"P5D\"}");
        rules(south, "{\"followUpTimeout\":\"P1D\"}");
    }

    static void rules(String pool, String json) {
        PoolFixture.setRules(T, pool, json);
    }

    static UUID lead(String pool) {
        return PoolFixture.leadFrom(T, pool.equals(north) ? NORTH : SOUTH, pool);
    }

    static JsonPath claimed(String token, UUID leadId) {
        return claim(token, leadId).then().statusCode(200).extract().jsonPath();
    }

    /** The claim's event as it reached Kafka. */
    static OwnershipChanged claimEvent(UUID leadId, long version) {
        EventEnvelope e = TestTopics.await(EventType.OWNERSHIP_CHANGED.topic(),
                x -> leadId.toString().equals(x.subject()) && EventType.OWNERSHIP_CHANGED.type().equals(x.type())
                        && EventCodec.payload(x, OwnershipChanged.class).version() == version,
                Duration.ofSeconds(20));
        return EventCodec.payload(e, OwnershipChanged.class);
    }

    static Duration followUpFor(JsonPath lead) {
        return Duration.between(Instant.parse(lead.getString("ownedSince")),
                Instant.parse(lead.getString("deadlines.followUp.dueAt")));
    }

    @Test
    void a_lead_of_another_pool_than_expected_is_claimed_under_its_own_pools_rules() {
        String ivy = rep(T, "ivy-expect");
        JsonPath first = claimed(ivy, lead(north)); // the probe's path: ivy now expects north
        assertThat(followUpFor(first)).isEqualTo(Duration.ofDays(5));

        UUID southLead = lead(south);
        JsonPath second = claimed(ivy, southLead);
        assertThat(second.getString("poolId")).isEqualTo(south);
        assertThat(followUpFor(second)).isEqualTo(Duration.ofDays(1));
        assertThat(second.getString("deadlines.followUp.rule")).isEqualTo("followUpTimeout");

        // and back: the expectation follows the rep's last pool, each claim under its lead's pool
        JsonPath third = claimed(ivy, lead(north));
        assertThat(followUpFor(third)).isEqualTo(Duration.ofDays(5));
        JsonPath fourth = claimed(ivy, lead(north)); // as expected: one call
        assertThat(followUpFor(fourth)).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void the_event_of_a_claim_made_in_one_call_carries_the_leads_version_and_deadlines() {
        String jon = rep(T, "jon-expect");
        claimed(jon, lead(south));
        UUID id = lead(south);
        JsonPath lead = claimed(jon, id); // as expected
        long version = lead.getLong("version");

        OwnershipChanged event = claimEvent(id, version);
        assertThat(event.action()).isEqualTo("CLAIMED");
        assertThat(event.poolId()).isEqualTo(UUID.fromString(south));
        assertThat(event.toOwner()).isEqualTo(lead.getString("ownerId"));
        assertThat(event.deadlines().followUpDueAt()).isEqualTo(Instant.parse(lead.getString("deadlines.followUp.dueAt")));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", id).then().statusCode(200)
                .body("find { it.action == 'CLAIMED' }.version", equalTo((int) version));
    }

    @Test
    void a_level_with_an_override_or_an_exempt_stage_is_not_given_the_pools_defaults() {
        String kim = rep(T, "kim-expect");
        rules(north, "{\"followUpTimeout\":\"P5D\",\"exemptStages\":[\"WON\",\"QUALIFIED\"],"
                + "\"levelOverrides\":{\"A\":{\"followUpTimeout\":\"P9D\"}}}");
        try {
            claimed(kim, lead(north)); // kim now expects north

            UUID graded = lead(north);
            given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body("{\"level\":\"A\"}")
                    .put("/api/v1/leads/{id}/level", graded).then().statusCode(200);
            JsonPath a = claimed(kim, graded);
            assertThat(a.getString("deadlines.followUp.rule")).isEqualTo("levelOverrides.A.followUpTimeout");
            assertThat(followUpFor(a)).isEqualTo(Duration.ofDays(9));

            // a lead given back in a stage the pool exempts runs no clock for its next owner
            String lia = rep(T, "lia-expect");
            UUID qualified = lead(north);
            claimed(lia, qualified);
            given().auth().oauth2(lia).contentType(ContentType.JSON).body("{\"stage\":\"QUALIFIED\"}")
                    .post("/api/v1/leads/{id}/stage", qualified).then().statusCode(200);
            release(lia, qualified, "handing over").then().statusCode(200);
            JsonPath q = claimed(kim, qualified);
            assertThat(q.getString("stage")).isEqualTo("QUALIFIED");
            assertThat(q.getString("deadlines.followUp")).isNull();

            JsonPath plain = claimed(kim, lead(north)); // as expected again
            assertThat(followUpFor(plain)).isEqualTo(Duration.ofDays(5));
        } finally {
            rules(north, "{\"followUpTimeout\":\"P5D\"}");
        }
    }

    @Test
    void a_rule_change_after_the_last_claim_is_seen_by_the_next() {
        String max = rep(T, "max-expect");
        String rules = "{\"followUpTimeout\":\"P1D\"}";
        claimed(max, lead(south)); // max now expects south, P1D
        rules(south, "{\"followUpTimeout\":\"P2D\"}");
        try {
            assertThat(followUpFor(claimed(max, lead(south)))).isEqualTo(Duration.ofDays(2));
            assertThat(followUpFor(claimed(max, lead(south)))).isEqualTo(Duration.ofDays(2));
        } finally {
            rules(south, rules);
        }
    }
}
