package io.leadpool.dedup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.leadpool.dedup.identity.Decision;
import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.events.ConflictResolved;
import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Company matches (撞单) under each policy, conflicts and their resolution, batches, and the check. */
@QuarkusTest
@WithTestResource(RealServers.class)
class DedupCompanyTest {

    static final String ADMIN = TestTokens.token("acme", "alice", "lead-admin");

    @Inject
    DedupService dedup;
    @Inject
    TenantTransactions tx;
    @Inject
    IdempotentConsumer consumer;

    static LeadDetails lead(String name, String company, String phone, String region) {
        return new LeadDetails(name, company, phone, null, region, null, null, new LeadDetails.LeadSource("web", null),
                null);
    }

    static LeadReceived received(LeadDetails lead) {
        return new LeadReceived(Uuid7.next(), lead, "someone", Instant.now());
    }

    List<Decision> decide(String tenant, LeadReceived... batch) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> tx.inTenant(tenant, () -> dedup.decideAll(tenant, List.of(batch))));
    }

    static void policy(String tenant, String match, double threshold) throws Exception {
        try (Connection c = TestPostgres.connect("service"); Statement s = c.createStatement()) {
            s.execute("insert into dedup_policy values ('" + tenant + "', '" + match + "', " + threshold
                    + ", 'test', now()) on conflict (tenant_id) do update set company_match = excluded.company_match,"
                    + " threshold = excluded.threshold");
        }
    }

    @Test
    void under_flag_a_resembling_company_is_accepted_with_a_conflict_that_an_arbiter_resolves_once() throws Throwable {
        List<Decision> first = decide("acme", received(lead("李雷", "上海星辰科技有限公司", "+86 135 0000 0001", "上海")));
        UUID existing = ((Decision.Accepted) first.get(0)).leadId();
        LeadReceived second = received(lead("韩梅梅", "上海星辰科技股份有限公司", "+86 135 0000 0002", "上海市"));
        UUID fresh = ((Decision.Accepted) decide("acme", second).get(0)).leadId();

        EventEnvelope accepted = TestTopics.await(Topics.DEDUP_OUTCOMES,
                e -> e.data().path("intakeId").asText().equals(second.intakeId().toString()), Duration.ofSeconds(30));
        UUID conflictId = EventCodec.payload(accepted, LeadAccepted.class).conflictId();
        assertThat(conflictId).isNotNull();

        given().auth().oauth2(ADMIN).get("/api/v1/conflicts").then().statusCode(200)
                .body("find { it.conflictId == '" + conflictId + "' }.existingLeadId", equalTo(existing.toString()))
                .body("find { it.conflictId == '" + conflictId + "' }.leadId", equalTo(fresh.toString()))
                .body("find { it.conflictId == '" + conflictId + "' }.matched", hasItem("region"));
        given().auth().oauth2(TestTokens.token("acme", "bob", "sales-rep")).get("/api/v1/conflicts").then().statusCode(403);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"action\":\"MERGE_INTO_EXISTING\"}")
                .post("/api/v1/conflicts/{id}/resolution", conflictId).then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("action", equalTo("MERGE_INTO_EXISTING"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"action\":\"DISCARD\"}")
                .post("/api/v1/conflicts/{id}/resolution", conflictId).then().statusCode(409)
                .body("code", equalTo("CONFLICT_ALREADY_RESOLVED"));
        EventEnvelope resolved = TestTopics.await(Topics.DEDUP_OUTCOMES,
                e -> e.data().path("conflictId").asText().equals(conflictId.toString())
                        && e.eventType().orElse(null) == EventType.CONFLICT_RESOLVED, Duration.ofSeconds(30));
        assertThat(EventCodec.payload(resolved, ConflictResolved.class).existingLeadId()).isEqualTo(existing);

        // The merged lead's phone now names the surviving lead.
        List<Decision> again = decide("acme", received(lead("韩梅梅", null, "13500000002", null)));
        assertThat(((Decision.Duplicate) again.get(0)).duplicateOf()).isEqualTo(existing);
    }

    @Test
    void under_block_a_resembling_company_is_a_duplicate_with_its_score_and_other_regions_do_not_match() throws Throwable {
        policy("initech", "BLOCK", 0.5);
        UUID existing = ((Decision.Accepted) decide("initech",
                received(lead("Li", "Acme Trading Co., Ltd.", "+86 135 0000 0101", "Shanghai"))).get(0)).leadId();
        Decision typo = decide("initech", received(lead("Wang", "ACMEE Trading Limited", "+86 135 0000 0102", "shanghai city"))).get(0);
        assertThat(typo).isInstanceOfSatisfying(Decision.Duplicate.class, d -> {
            assertThat(d.duplicateOf()).isEqualTo(existing);
            assertThat(d.matchedOn()).containsExactly("COMPANY");
            assertThat(d.score()).isBetween(0.5, 0.99);
        });
        Decision elsewhere = decide("initech", received(lead("Zhao", "Acme Trading", "+86 135 0000 0103", "Beijing"))).get(0);
        assertThat(elsewhere).isInstanceOf(Decision.Accepted.class);
        Decision unrelated = decide("initech", received(lead("Qian", "Globex Logistics", "+86 135 0000 0104", "Shanghai"))).get(0);
        assertThat(unrelated).isInstanceOf(Decision.Accepted.class);
        policy("initech", "ALLOW", 0.5);
        assertThat(decide("initech", received(lead("Sun", "Acme Trading", "+86 135 0000 0105", "Shanghai"))).get(0))
                .isInstanceOf(Decision.Accepted.class);
    }

    @Test
    void a_batch_catches_duplicates_within_itself_and_echoes_import_rows() throws Throwable {
        UUID importId = Uuid7.next();
        List<String> jsons = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // Every person twice in the batch: once by phone, once by the same phone written differently.
            String phone = i % 2 == 0 ? "+86 136 0000 " + String.format("%04d", i / 2) : "136-0000-" + String.format("%04d", i / 2);
            LeadReceived r = new LeadReceived(Uuid7.next(), lead("P" + i, null, phone, null), "importer", Instant.now(),
                    new ImportRow(importId, i + 1, null));
            jsons.add(EventCodec.toJson(EventCodec.wrap("/test", "batchco", r.intakeId().toString(), r, null)));
        }
        VertxContextSupport.subscribeAndAwait(() -> consumer.consumeBatch("test.batch", jsons,
                (tenant, events) -> dedup.decideAll(tenant, events.stream()
                        .map(e -> EventCodec.payload(e, LeadReceived.class)).toList()).replaceWithVoid(),
                e -> noFallback()));
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select outcome, count(*) from decision where tenant_id = 'batchco' group by outcome order by outcome")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ACCEPTED");
            assertThat(rs.getInt(2)).isEqualTo(60);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("DUPLICATE");
            assertThat(rs.getInt(2)).isEqualTo(60);
        }
        // The decisions on the import's rows come back together, each echoing its row.
        List<ImportBatchDecided> outcomes = TestTopics.all(Topics.DEDUP_OUTCOMES,
                e -> importId.toString().equals(e.data().path("importId").asText()), Duration.ofSeconds(5)).stream()
                .map(e -> EventCodec.payload(e, ImportBatchDecided.class)).toList();
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).accepted()).hasSize(60)
                .allSatisfy(a -> assertThat(a.importRow().row() % 2).isEqualTo(1L));
        assertThat(outcomes.get(0).duplicates()).hasSize(60)
                .allSatisfy(d -> assertThat(d.importRow().row() % 2).isEqualTo(0L));
    }

    @Test
    void more_company_searches_than_one_statement_takes_are_shared_out_and_each_finds_its_twin() throws Throwable {
        // 1,100 searches: more than a statement's 500, so they go over two connections, each two statements.
        policy("splitco", "BLOCK", 0.8);
        java.util.Random random = new java.util.Random(20261130);
        List<String> companies = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            StringBuilder word = new StringBuilder();
            for (int c = 0; c < 9; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            companies.add(word + " Holdings");
        }
        List<LeadReceived> first = new ArrayList<>();
        List<LeadReceived> second = new ArrayList<>();
        for (int i = 0; i < companies.size(); i++) {
            first.add(received(lead("First " + i, companies.get(i), "+86 137 1000 " + String.format("%04d", i), "Wuhan")));
            second.add(received(lead("Second " + i, companies.get(i), "+86 137 2000 " + String.format("%04d", i), "Wuhan")));
        }
        List<Decision> stored = decide("splitco", first.toArray(LeadReceived[]::new));
        List<Decision> again = decide("splitco", second.toArray(LeadReceived[]::new));

        assertThat(stored).allSatisfy(d -> assertThat(d).isInstanceOf(Decision.Accepted.class));
        for (int i = 0; i < companies.size(); i++) {
            assertThat(again.get(i)).as("row %d", i).isInstanceOf(Decision.Duplicate.class);
            Decision.Duplicate d = (Decision.Duplicate) again.get(i);
            assertThat(d.duplicateOf()).as("row %d", i).isEqualTo(((Decision.Accepted) stored.get(i)).leadId());
            assertThat(d.matchedOn()).containsExactly("COMPANY");
        }
    }

    private static io.smallrye.mutiny.Uni<Void> noFallback() {
        return io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("the batch must not fall back"));
    }

    @Test
    void the_check_finds_people_and_companies_with_their_state_and_shows_the_owner_only_to_whom_may_see() throws Throwable {
        UUID lead = ((Decision.Accepted) decide("acme", received(lead("周杰", "深圳蓝海贸易有限公司", "+86 135 0000 0201",
                "深圳"))).get(0)).leadId();
        String owner = TestTokens.subject("acme", "carol");
        UUID pool = Uuid7.next();
        EventEnvelope pooled = TestTopics.publish("acme", lead, new LeadPooled(lead, pool, 0, Instant.now()));
        EventEnvelope claimed = TestTopics.publish("acme", lead, new OwnershipChanged(lead, pool, "CLAIMED", null, owner,
                owner, null, 1, null, Instant.now(), "carol"));
        String rep = TestTokens.token("acme", "bob", "sales-rep");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(rep)
                .contentType(ContentType.JSON).body("{\"company\":\"深圳蓝海贸易\",\"region\":\"深圳市\"}")
                .post("/api/v1/dedup/check").then().statusCode(200).body("duplicate", equalTo(false))
                .body("matches[0].leadId", equalTo(lead.toString())).body("matches[0].matchedOn", hasItem("COMPANY"))
                .body("matches[0].state", equalTo("OWNED")).body("matches[0].ownerId", nullValue())
                .body("matches[0].ownerName", nullValue())
                .body("matches[0].ownedByMe", equalTo(false)));
        // The pool's LeadPooled (same key, so consumed before the claim) changes nothing dedup keeps: no inbox row.
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select cast(event_id as text) from inbox where consumer = 'dedup.pool-events' and event_id in ('"
                        + pooled.id() + "', '" + claimed.id() + "')")) {
            List<String> inbox = new ArrayList<>();
            while (rs.next()) {
                inbox.add(rs.getString(1));
            }
            assertThat(inbox).containsExactly(claimed.id());
        }
        given().auth().oauth2(TestTokens.token("acme", "carol", "sales-rep")).contentType(ContentType.JSON)
                .body("{\"phone\":\"13500000201\"}").post("/api/v1/dedup/check").then().statusCode(200)
                .body("duplicate", equalTo(true)).body("matches[0].ownerId", equalTo(owner))
                .body("matches[0].ownerName", equalTo("carol"))
                .body("matches[0].ownedByMe", equalTo(true));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"phone\":\"13500000201\"}")
                .post("/api/v1/dedup/check").then().statusCode(200).body("matches[0].ownerId", equalTo(owner))
                .body("matches[0].score", equalTo(1.0f));
    }

    @Test
    void the_policy_is_set_by_an_admin_and_checked() {
        given().auth().oauth2(TestTokens.token("globex", "alice", "lead-admin")).contentType(ContentType.JSON)
                .body("{\"companyMatch\":\"BLOCK\",\"threshold\":0.7}").put("/api/v1/dedup/policy").then()
                .statusCode(200).body("companyMatch", equalTo("BLOCK")).body("threshold", equalTo(0.7f));
        given().auth().oauth2(TestTokens.token("globex", "alice", "lead-admin")).contentType(ContentType.JSON)
                .body("{\"companyMatch\":\"SOMETIMES\",\"threshold\":2}").put("/api/v1/dedup/policy").then()
                .statusCode(400);
        given().auth().oauth2(TestTokens.token("globex", "mia", "sales-manager")).contentType(ContentType.JSON)
                .body("{\"companyMatch\":\"ALLOW\",\"threshold\":0.7}").put("/api/v1/dedup/policy").then()
                .statusCode(403);
    }
}
