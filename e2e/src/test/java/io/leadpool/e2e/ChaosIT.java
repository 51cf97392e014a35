package io.leadpool.e2e;

import static io.leadpool.e2e.Api.ALICE;
import static io.leadpool.e2e.Api.BOB;
import static io.leadpool.e2e.Api.CAROL;
import static io.leadpool.e2e.Api.DAVE;
import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.at;
import static io.leadpool.e2e.Api.awaitDecision;
import static io.leadpool.e2e.Api.postLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The short chaos scenarios (bench/chaos runs the long ones): a session left idle in a transaction,
 * holding a lead's row lock; and {@code kill -9} of pool-service in the middle of a claim storm. Each
 * ends with a checker that reads the database.
 */
class ChaosIT {


    @Test
    void a_session_idle_in_a_transaction_stalls_only_the_lead_it_holds_and_only_for_the_lock_timeout() throws Exception {
        chaosPool("Chaos idle", "chaos-idle", 1000); // routes the campaign's leads
        List<String> leads = newLeads("chaos-idle", 2);
        String held = leads.get(0);
        String free = leads.get(1);
        try (Connection stuck = Suite.get().database(Service.POOL)) {
            stuck.setAutoCommit(false);
            try (PreparedStatement lock = stuck.prepareStatement("select 1 from lead where id = ?::uuid for update")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            Instant t0 = Instant.now();
            at(Service.POOL, CAROL).post("/api/v1/leads/{id}/claim", free).then().statusCode(200);
            Duration other = Duration.between(t0, Instant.now());
            t0 = Instant.now();
            Response stalled = at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", held);
            Duration waited = Duration.between(t0, Instant.now());
            System.out.printf("CHAOS idle-in-transaction: other lead claimed in %d ms; held lead answered %d %s after %d ms%n",
                    other.toMillis(), stalled.statusCode(), stalled.jsonPath().getString("code"), waited.toMillis());
            assertThat(other).isLessThan(Duration.ofSeconds(3));
            assertThat(stalled.statusCode()).isEqualTo(503);
            assertThat(stalled.jsonPath().getString("code")).isEqualTo("DATABASE_BUSY");
            assertThat(stalled.header("Retry-After")).isNotNull();
            assertThat(waited).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(10));
            stuck.rollback();
        }
        at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", held).then().statusCode(200);
    }

    @Test
    void kill_9_of_pool_service_in_a_claim_storm_leaves_every_lead_with_one_owner_and_no_rep_over_a_limit()
            throws Exception {
        Suite suite = Suite.get();
        int limit = heldMost() + 8;
        String pool = chaosPool("Chaos storm", "chaos-storm", limit);
        List<String> leads = newLeads("chaos-storm", 40);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Instant> firstAnswerAfterRestart = new AtomicReference<>();
        AtomicReference<Instant> restartedAt = new AtomicReference<>();
        ExecutorService reps = Executors.newFixedThreadPool(3);
        List<Future<Map<Integer, Integer>>> storms = new ArrayList<>();
        for (Caller rep : List.of(BOB, CAROL, DAVE)) {
            storms.add(reps.submit(() -> {
                Map<Integer, Integer> statuses = new HashMap<>();
                int i = 0;
                while (!stop.get()) {
                    String lead = leads.get(i++ % leads.size());
                    try {
                        int status = at(Service.POOL, rep).post("/api/v1/leads/{id}/claim", lead).statusCode();
                        statuses.merge(status, 1, Integer::sum);
                        if (restartedAt.get() != null && firstAnswerAfterRestart.get() == null && status < 500) {
                            firstAnswerAfterRestart.compareAndSet(null, Instant.now());
                        }
                    } catch (Exception refused) { // connection refused or reset: the service is down
                        statuses.merge(-1, 1, Integer::sum);
                        Thread.sleep(50);
                    }
                }
                return statuses;
            }));
        }
        Thread.sleep(500);
        suite.kill(Service.POOL);
        Instant killed = Instant.now();
        suite.start(Service.POOL);
        restartedAt.set(Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> firstAnswerAfterRestart.get() != null);
        Thread.sleep(1500);
        stop.set(true);
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Future<Map<Integer, Integer>> f : storms) {
            f.get().forEach((k, v) -> statuses.merge(k, v, Integer::sum));
        }
        reps.shutdown();
        System.out.printf("CHAOS claim storm: answers %s; pool-service serving again %d ms after kill -9 (ready %d ms)%n",
                statuses, Duration.between(killed, firstAnswerAfterRestart.get()).toMillis(),
                Duration.between(killed, restartedAt.get()).toMillis());

        // The checker: every storm lead owned at most once, by the one rep its one CLAIMED row names; no rep
        // holds more than the pool's limit; no 5xx but while the service was down.
        try (Connection c = suite.database(Service.POOL)) {
            String sql = "select l.id, l.state, l.owner_id, (select count(*) from lead_history h where h.tenant_id = l.tenant_id"
                    + " and h.lead_id = l.id and h.action = 'CLAIMED'), (select max(h.to_owner) from lead_history h"
                    + " where h.tenant_id = l.tenant_id and h.lead_id = l.id and h.action = 'CLAIMED')"
                    + " from lead l where l.pool_id = ?::uuid";
            int owned = 0;
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, pool);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long claimedRows = rs.getLong(4);
                        if ("OWNED".equals(rs.getString(2))) {
                            owned++;
                            assertThat(claimedRows).as("CLAIMED rows of %s", rs.getString(1)).isEqualTo(1);
                            assertThat(rs.getString(5)).as("owner of %s", rs.getString(1)).isEqualTo(rs.getString(3));
                        } else {
                            assertThat(claimedRows).as("CLAIMED rows of unowned %s", rs.getString(1)).isZero();
                        }
                    }
                }
            }
            assertThat(heldMost()).as("most leads one rep holds").isLessThanOrEqualTo(limit);
            assertThat(owned).isPositive();
            System.out.printf("CHAOS claim storm checker: %d of %d leads owned once each, most held by one rep %d (limit %d)%n",
                    owned, leads.size(), heldMost(), limit);
        }
        assertThat(statuses.keySet()).allMatch(s -> s == -1 || s == 200 || s == 409 || s == 503, "statuses");
    }

    /** The most owned leads any acme rep holds now. */
    private static int heldMost() throws Exception {
        try (Connection c = Suite.get().database(Service.POOL); ResultSet rs = c.createStatement().executeQuery(
                "select coalesce(max(n), 0) from (select count(*) n from lead where tenant_id = 'acme'"
                        + " and state = 'OWNED' group by owner_id) x")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A pool of its own that leads of the campaign are routed to, with a holding limit. */
    private static String chaosPool(String name, String campaign, int holdingLimit) {
        String existing = at(Service.POOL, ALICE).get("/api/v1/pools").then().statusCode(200).extract()
                .path("find { it.name == '" + name + "' }.id");
        if (existing != null) {
            return existing;
        }
        return at(Service.POOL, ALICE).contentType(ContentType.JSON).body("""
                {"name":"%s","scope":{"roles":["sales-rep"]},
                 "routing":{"priority":50,"match":{"campaign":["%s"]}},
                 "rules":{"holdingLimits":{"default":%d},"followUpTimeout":"P3D"}}""".formatted(name, campaign, holdingLimit))
                .post("/api/v1/pools").then().statusCode(201).extract().path("id");
    }

    /** Leads of the campaign through intake and dedup into its pool; their ids once the pool has them. */
    private static List<String> newLeads(String campaign, int n) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String intake = postLead(GATEWAY, """
                    {"name":"Chaos %s %d","phone":"+86 152 %04d %04d","source":{"channel":"web","campaign":"%s"}}"""
                    .formatted(campaign, i, Math.abs(run.hashCode()) % 10000, i, campaign)).then().statusCode(202).extract().path("intakeId");
            Map<String, Object> decided = awaitDecision(GATEWAY, intake, Duration.ofSeconds(60));
            assertThat(decided.get("status")).isEqualTo("ACCEPTED");
            ids.add((String) decided.get("leadId"));
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).until(() -> at(Service.POOL, ALICE).get("/api/v1/leads/{id}", id)
                    .statusCode() == 200);
        }
        return ids;
    }
}
