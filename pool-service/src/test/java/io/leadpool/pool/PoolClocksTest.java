package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.followUp;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.ReminderDue;
import io.leadpool.events.RepNotified;
import io.leadpool.events.StageChanged;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stages, levels, reminders, notices and rule changes: the clocks of owned leads, on real PostgreSQL and
 * Kafka. The leads live in their own pool (routed by region) so the rules set here touch no other test.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class PoolClocksTest {

    static final String T = "acme";
    static final String REGION = "Clockville";
    static String pool;

    /** Once per class, but after the application started (a static @BeforeAll runs before it does). */
    @BeforeEach
    void createPool() {
        if (pool != null) {
            return;
        }
        pool = PoolFixture.regionPool(T, "Clock pool", REGION, 100);
    }

    static void rules(String json) {
        PoolFixture.setRules(T, pool, json);
    }

    static UUID lead() {
        return PoolFixture.leadFrom(T, REGION, pool);
    }

    static JsonPath owned(String token, String rulesJson) {
        rules(rulesJson);
        UUID id = lead();
        return claim(token, id).then().statusCode(200).extract().jsonPath();
    }

    static <T extends Record> T event(EventType type, UUID leadId, Class<T> payload) {
        EventEnvelope e = TestTopics.await(type.topic(), x -> leadId.toString().equals(x.subject())
                && type.type().equals(x.type()), Duration.ofSeconds(20));
        return EventCodec.payload(e, payload);
    }

    static Instant at(JsonPath p, String path) {
        return Instant.parse(p.getString(path));
    }

    @Test
    void a_stage_advance_restarts_the_progress_clock_and_won_stops_both() {
        String dan = rep(T, "dan");
        JsonPath claimed = owned(dan, "{\"followUpTimeout\":\"P3D\",\"progressTimeout\":\"P10D\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        assertThat(claimed.getString("deadlines.progress.rule")).isEqualTo("progressTimeout");
        assertThat(at(claimed, "deadlines.progress.dueAt")).isEqualTo(at(claimed, "ownedSince").plus(Duration.ofDays(10)));

        JsonPath qualified = given().auth().oauth2(dan).contentType(ContentType.JSON).body("{\"stage\":\"QUALIFIED\"}")
                .post("/api/v1/leads/{id}/stage", id).then().statusCode(200).body("stage", equalTo("QUALIFIED"))
                .extract().jsonPath();
        assertThat(at(qualified, "deadlines.progress.dueAt")).isAfter(at(claimed, "deadlines.progress.dueAt"));
        assertThat(at(qualified, "deadlines.followUp.dueAt")).isEqualTo(at(claimed, "deadlines.followUp.dueAt"));
        StageChanged advanced = event(EventType.STAGE_CHANGED, id, StageChanged.class);
        assertThat(advanced.advanced()).isTrue();
        assertThat(advanced.deadlines().progressDueAt()).isEqualTo(at(qualified, "deadlines.progress.dueAt"));

        // Back to CONTACTED is not an advance: the progress clock stays where it was.
        given().auth().oauth2(dan).contentType(ContentType.JSON).body("{\"stage\":\"CONTACTED\"}")
                .post("/api/v1/leads/{id}/stage", id).then().statusCode(200)
                .body("deadlines.progress.dueAt", equalTo(qualified.getString("deadlines.progress.dueAt")));

        given().auth().oauth2(dan).contentType(ContentType.JSON).body("{\"stage\":\"WON\"}")
                .post("/api/v1/leads/{id}/stage", id).then().statusCode(200)
                .body("deadlines.followUp", nullValue()).body("deadlines.progress", nullValue());
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", id).then().statusCode(200)
                .body("findAll { it.action == 'STAGE_CHANGED' }", hasSize(3));

        given().auth().oauth2(rep(T, "erin")).contentType(ContentType.JSON).body("{\"stage\":\"LOST\"}")
                .post("/api/v1/leads/{id}/stage", id).then().statusCode(404);
        given().auth().oauth2(dan).contentType(ContentType.JSON).body("{\"stage\":\"DONE\"}")
                .post("/api/v1/leads/{id}/stage", id).then().statusCode(400);
    }

    @Test
    void a_level_override_applies_and_my_leads_say_which_rule_each_deadline_comes_from() {
        String fay = rep(T, "fay");
        JsonPath claimed = owned(fay, "{\"followUpTimeout\":\"P3D\",\"remindBefore\":\"P1D\","
                + "\"levelOverrides\":{\"A\":{\"followUpTimeout\":\"P7D\"}}}");
        UUID id = UUID.fromString(claimed.getString("id"));
        Instant since = at(claimed, "ownedSince");
        assertThat(at(claimed, "deadlines.followUp.remindAt")).isEqualTo(since.plus(Duration.ofDays(2)));

        given().auth().oauth2(fay).contentType(ContentType.JSON).body("{\"level\":\"A\"}")
                .put("/api/v1/leads/{id}/level", id).then().statusCode(200).body("level", equalTo("A"))
                .body("deadlines.followUp.rule", equalTo("levelOverrides.A.followUpTimeout"))
                .body("deadlines.followUp.dueAt", equalTo(since.plus(Duration.ofDays(7)).toString()));
        LeadRescheduled r = event(EventType.LEAD_RESCHEDULED, id, LeadRescheduled.class);
        assertThat(r.cause()).isEqualTo("LEVEL_CHANGED");
        assertThat(r.deadlines().followUpDueAt()).isEqualTo(since.plus(Duration.ofDays(7)));
        assertThat(r.deadlines().followUpRemindAt()).isEqualTo(since.plus(Duration.ofDays(6)));

        given().auth().oauth2(fay).get("/api/v1/me/leads").then().statusCode(200)
                .body("find { it.id == '%s' }.deadlines.followUp.rule".formatted(id),
                        equalTo("levelOverrides.A.followUpTimeout"))
                .body("find { it.id == '%s' }.deadlines.followUp.timeLeft".formatted(id), notNullValue());
        given().auth().oauth2(fay).contentType(ContentType.JSON).body("{\"level\":\"not a level!\"}")
                .put("/api/v1/leads/{id}/level", id).then().statusCode(400).body("errors[0].field", equalTo("level"));
    }

    @Test
    void a_rule_change_moves_the_deadlines_already_running() {
        String gus = rep(T, "gus");
        JsonPath claimed = owned(gus, "{\"followUpTimeout\":\"P3D\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        Instant since = at(claimed, "ownedSince");
        rules("{\"followUpTimeout\":\"P1D\",\"progressTimeout\":\"P20D\"}");
        JsonPath now = given().auth().oauth2(gus).get("/api/v1/leads/{id}", id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(at(now, "deadlines.followUp.dueAt")).isEqualTo(since.plus(Duration.ofDays(1)));
        assertThat(at(now, "deadlines.progress.dueAt")).isEqualTo(since.plus(Duration.ofDays(20)));
        LeadRescheduled r = event(EventType.LEAD_RESCHEDULED, id, LeadRescheduled.class);
        assertThat(r.cause()).isEqualTo("RULES_CHANGED");
        assertThat(r.version()).isEqualTo(now.getLong("version"));
    }

    @Test
    void a_reminder_tells_the_owner_once_and_a_stale_one_tells_nobody() {
        String hal = rep(T, "hal");
        JsonPath claimed = owned(hal, "{\"followUpTimeout\":\"P3D\",\"remindBefore\":\"P1D\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        long version = claimed.getLong("version");
        Instant due = at(claimed, "deadlines.followUp.dueAt");
        TestTopics.publish(T, id, new ReminderDue(id, version - 1, "FOLLOW_UP", due));
        TestTopics.publish(T, id, new ReminderDue(id, version, "FOLLOW_UP", due));
        TestTopics.publish(T, id, new ReminderDue(id, version, "FOLLOW_UP", due));
        EventEnvelope pushed = TestTopics.await(Topics.REP_NOTIFICATIONS, e -> e.subject().equals(
                TestTokens.subject(T, "hal")) && EventCodec.payload(e, RepNotified.class).leadId().equals(id),
                Duration.ofSeconds(20));
        assertThat(EventCodec.payload(pushed, RepNotified.class).kind()).isEqualTo("FOLLOW_UP_DUE_SOON");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(hal)
                .get("/api/v1/me/notifications").then().statusCode(200)
                .body("findAll { it.leadId == '%s' }".formatted(id), hasSize(1))
                .body("find { it.leadId == '%s' }.kind".formatted(id), equalTo("FOLLOW_UP_DUE_SOON"))
                .body("find { it.leadId == '%s' }.deadlineAt".formatted(id), equalTo(due.toString())));
        String notice = given().auth().oauth2(hal).get("/api/v1/me/notifications?unread=true").then()
                .extract().path("find { it.leadId == '%s' }.id".formatted(id));
        given().auth().oauth2(rep(T, "ivy")).post("/api/v1/me/notifications/{n}/read", notice).then().statusCode(404);
        given().auth().oauth2(hal).post("/api/v1/me/notifications/{n}/read", notice).then().statusCode(204);
        given().auth().oauth2(hal).get("/api/v1/me/notifications?unread=true").then().statusCode(200)
                .body("leadId", not(hasItem(id.toString())));
        given().auth().oauth2(rep(T, "ivy")).get("/api/v1/me/notifications").then().statusCode(200)
                .body("leadId", not(hasItem(id.toString())));
    }

    @Test
    void no_progress_recycles_only_once_the_progress_deadline_passed_and_the_owner_is_told() {
        String jo = rep(T, "jo");
        JsonPath claimed = owned(jo, "{\"followUpTimeout\":\"P3D\",\"progressTimeout\":\"PT2S\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        long version = claimed.getLong("version");
        // Sent early (the pool's clock says not yet): ignored.
        TestTopics.publish(T, id, new RecycleDue(id, version, "NO_FOLLOW_UP", at(claimed, "deadlines.followUp.dueAt")));
        PoolFixture.awaitPassing(claimed.getString("deadlines.progress.dueAt"));
        TestTopics.publish(T, id, new RecycleDue(id, version, "NO_PROGRESS", at(claimed, "deadlines.progress.dueAt")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin(T))
                .get("/api/v1/leads/{id}", id).then().statusCode(200).body("state", equalTo("IN_POOL")));
        given().auth().oauth2(admin(T)).get("/api/v1/leads/{id}/history", id).then().statusCode(200)
                .body("find { it.action == 'RECYCLED' }.reason", equalTo("NO_PROGRESS"))
                .body("findAll { it.action == 'RECYCLED' }", hasSize(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(jo)
                .get("/api/v1/me/notifications").then().statusCode(200)
                .body("find { it.leadId == '%s' }.kind".formatted(id), equalTo("LEAD_RECYCLED")));
    }

    @Test
    void a_follow_up_restarts_only_the_follow_up_clock_and_a_duplicate_tells_the_owner() {
        String kim = rep(T, "kim");
        JsonPath claimed = owned(kim, "{\"followUpTimeout\":\"P3D\",\"progressTimeout\":\"P10D\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        JsonPath after = followUp(kim, id).then().statusCode(201).extract().jsonPath();
        assertThat(at(after, "deadlines.followUp.dueAt")).isAfter(at(claimed, "deadlines.followUp.dueAt"));
        assertThat(at(after, "deadlines.progress.dueAt")).isEqualTo(at(claimed, "deadlines.progress.dueAt"));

        UUID intake = Uuid7.next();
        TestTopics.publish(T, intake, new LeadDuplicateDetected(intake, id, List.of("PHONE"), null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(kim)
                .get("/api/v1/me/notifications").then().statusCode(200)
                .body("find { it.leadId == '%s' }.kind".formatted(id), equalTo("LEAD_TOUCHED")));
    }

    @Test
    void won_leads_count_against_the_holding_limit_only_when_the_pool_says_so() {
        String lu = rep(T, "lu");
        JsonPath first = owned(lu, "{\"holdingLimits\":{\"default\":1},\"countWon\":false}");
        given().auth().oauth2(lu).contentType(ContentType.JSON).body("{\"stage\":\"WON\"}")
                .post("/api/v1/leads/{id}/stage", first.getString("id")).then().statusCode(200);
        UUID second = lead();
        claim(lu, second).then().statusCode(200);
        rules("{\"holdingLimits\":{\"default\":2},\"countWon\":true}");
        claim(lu, lead()).then().statusCode(409).body("code", equalTo("HOLDING_LIMIT"));
    }

    @Test
    void an_admin_only_pool_refuses_claims_and_takes_assignments() {
        rules("{\"distribution\":\"ADMIN_ONLY\"}");
        UUID id = lead();
        claim(rep(T, "max"), id).then().statusCode(409).body("code", equalTo("ADMIN_ONLY"));
        String max = TestTokens.subject(T, "max");
        given().auth().oauth2(rep(T, "max")).get("/api/v1/me/leads").then().statusCode(200);
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("repId", max))
                .post("/api/v1/leads/{id}/assign", id).then().statusCode(200).body("ownerId", equalTo(max));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body("{\"distribution\":\"LOTTERY\"}")
                .put("/api/v1/pools/{id}/rules", pool).then().statusCode(400)
                .body("errors[0].field", equalTo("distribution"));
    }

    @Test
    void a_simulation_shows_what_a_rule_change_would_send_back_and_changes_nothing() {
        String ned = rep(T, "ned");
        JsonPath claimed = owned(ned, "{\"followUpTimeout\":\"P3D\"}");
        UUID id = UUID.fromString(claimed.getString("id"));
        JsonPath sim = given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body("{\"poolId\":\"" + pool + "\",\"rules\":{\"followUpTimeout\":\"PT1S\"}}")
                .post("/api/v1/recycling/simulations").then().statusCode(200).extract().jsonPath();
        assertThat(sim.getInt("ownedLeads")).isGreaterThanOrEqualTo(1);
        assertThat(sim.getInt("proposed.overdueNow")).isGreaterThanOrEqualTo(1);
        assertThat(sim.getString("timeZone")).isEqualTo("Asia/Shanghai");
        assertThat(sim.getInt("changed")).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(ned).get("/api/v1/leads/{id}", id).then().statusCode(200)
                .body("deadlines.followUp.dueAt", equalTo(claimed.getString("deadlines.followUp.dueAt")));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON)
                .body("{\"poolId\":\"" + pool + "\",\"rules\":{\"followUpTimeout\":\"soon\"}}")
                .post("/api/v1/recycling/simulations").then().statusCode(400)
                .body("errors[0].field", equalTo("rules.followUpTimeout"));
        given().auth().oauth2(ned).contentType(ContentType.JSON)
                .body("{\"poolId\":\"" + pool + "\",\"rules\":{}}")
                .post("/api/v1/recycling/simulations").then().statusCode(403);
    }

    @Test
    void a_burst_of_recycle_commands_is_applied_in_batches_each_lead_once_and_stale_ones_not_at_all() throws Exception {
        String owner = TestTokens.subject(T, "pam");
        List<UUID> ids = new java.util.ArrayList<>();
        try (java.sql.Connection c = io.leadpool.testing.TestPostgres.connect("service");
                java.sql.PreparedStatement insert = c.prepareStatement("insert into lead (id, tenant_id, pool_id,"
                        + " state, owner_id, version, owned_since, follow_up_due_at, follow_up_rule, pooled_at,"
                        + " created_at, updated_at, name) values (?, ?, cast(? as uuid), 'OWNED', ?, 3,"
                        + " now() - interval '4 days', now() - interval '1 hour', 'followUpTimeout',"
                        + " now() - interval '5 days', now(), now(), 'Burst')")) {
            for (int i = 0; i < 300; i++) {
                UUID id = Uuid7.next();
                ids.add(id);
                insert.setObject(1, id);
                insert.setString(2, T);
                insert.setString(3, pool);
                insert.setString(4, owner);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Instant due = Instant.now().minus(Duration.ofHours(1));
        for (UUID id : ids) {
            TestTopics.publish(T, id, new RecycleDue(id, 3, "NO_FOLLOW_UP", due));
        }
        for (UUID id : ids.subList(0, 30)) {
            TestTopics.publish(T, id, new RecycleDue(id, 3, "NO_FOLLOW_UP", due)); // sent again by a refire
            TestTopics.publish(T, id, new RecycleDue(id, 2, "NO_FOLLOW_UP", due)); // stale
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (java.sql.Connection c = io.leadpool.testing.TestPostgres.connect("service");
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("select count(*) filter (where state = 'IN_POOL'"
                            + " and version = 4 and previous_owner_id is not null), count(*) from lead where name = 'Burst'"
                            + " and tenant_id = 'acme'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(300);
            }
        });
        try (java.sql.Connection c = io.leadpool.testing.TestPostgres.connect("service");
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("select (select count(*) from lead_history h join lead l"
                        + " on l.id = h.lead_id where l.name = 'Burst' and h.action = 'RECYCLED'),"
                        + " (select count(*) from notification n join lead l on l.id = n.lead_id where l.name = 'Burst'"
                        + " and n.kind = 'LEAD_RECYCLED')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("one history row per lead").isEqualTo(300);
            assertThat(rs.getLong(2)).as("one notice per lead").isEqualTo(300);
        }
        UUID first = ids.get(0);
        assertThat(TestTopics.all(Topics.POOL_EVENTS, e -> first.toString().equals(e.subject())
                && EventType.OWNERSHIP_CHANGED.type().equals(e.type()), Duration.ofSeconds(3))).hasSize(1);
    }
}
