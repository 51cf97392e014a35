package io.leadpool.e2e;

import static io.leadpool.e2e.Api.BOB;
import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.at;
import static io.leadpool.e2e.Api.leadJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of each service in turn while leads keep coming: no lead is lost, none is created
 * twice. The client behaves as a real integration does: it retries a failed call with the same
 * {@code Idempotency-Key}.
 */
class KillNineIT {

    private static final int PERSONS = 150;
    private static final int DUPLICATES = 50;

    @Test
    void killing_any_service_mid_stream_loses_no_lead_and_duplicates_none() throws Exception {
        Suite suite = Suite.get();
        Map<String, String> intakeByKey = new ConcurrentHashMap<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < PERSONS; i++) {
            bodies.add(leadJson("Kill Test " + i, "+86 150 0000 %04d".formatted(i), "kill%d@example.com".formatted(i)));
        }
        for (int i = 0; i < DUPLICATES; i++) {
            int person = i * 3;
            bodies.add(leadJson("Kill Test " + person, "0086-150-0000-%04d".formatted(person),
                    "KILL%d@EXAMPLE.COM".formatted(person)));
        }

        ScheduledExecutorService clients = Executors.newScheduledThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        List<java.util.concurrent.Future<?>> posts = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            posts.add(clients.schedule(() -> {
                int n = next.getAndIncrement();
                intakeByKey.put("kill-" + n, postUntilTaken("kill-" + n, bodies.get(n)));
            }, i * 80L, TimeUnit.MILLISECONDS));
        }

        List<String> ready = new ArrayList<>();
        for (Service victim : List.of(Service.DEDUP, Service.POOL, Service.SCHEDULER, Service.INTAKE)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> next.get() > 0);
            ready.add(victim.module + " " + suite.killAndRestart(victim).toMillis());
        }
        System.out.printf("CHAOS kill -9 in a lead stream: ready again after the kill (ms): %s%n", ready);
        for (var post : posts) {
            post.get(180, TimeUnit.SECONDS);
        }
        clients.shutdown();
        suite.warmUp();

        assertThat(intakeByKey).hasSize(PERSONS + DUPLICATES);
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            statuses.clear();
            try (Connection c = suite.database(Service.INTAKE); ResultSet rs = c.createStatement().executeQuery(
                    "select status, count(*) from intake where idempotency_key like 'kill-%' group by status")) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(statuses).containsOnlyKeys("ACCEPTED", "DUPLICATE");
        });
        assertThat(statuses).containsEntry("ACCEPTED", PERSONS).containsEntry("DUPLICATE", DUPLICATES);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            try (Connection c = suite.database(Service.POOL); ResultSet rs = c.createStatement().executeQuery(
                    "select count(*), count(distinct phone), count(distinct id) from lead"
                            + " where tenant_id = 'acme' and phone like '+86150000%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("leads in the pool").isEqualTo(PERSONS);
                assertThat(rs.getInt(2)).as("distinct people").isEqualTo(PERSONS);
            }
        });
        try (Connection c = suite.database(Service.POOL); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from lead_history h join lead l on l.id = h.lead_id"
                        + " where l.phone like '+86150000%' and h.action = 'POOLED'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each lead pooled once").isEqualTo(PERSONS);
        }
        try (Connection c = suite.database(Service.POOL); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from lead_history h join lead l on l.id = h.lead_id"
                        + " where l.phone like '+86150000%' and h.action = 'TOUCHED'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each duplicate touched its lead once").isEqualTo(DUPLICATES);
        }
        // The suite still works end to end after all four restarts.
        String leadId = at(Service.INTAKE, BOB).get("/api/v1/intake/{id}", intakeByKey.get("kill-1"))
                .then().statusCode(200).extract().path("leadId");
        at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", leadId).then().statusCode(200);
    }

    /** Posts until intake answers 200/202, retrying with the same key across a dead or restarting service. */
    private static String postUntilTaken(String key, String body) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    var response = at(Service.INTAKE, GATEWAY).header("Idempotency-Key", key)
                            .contentType(ContentType.JSON).body(body).post("/api/v1/leads");
                    int status = response.statusCode();
                    return status == 200 || status == 202 ? response.jsonPath().getString("intakeId") : null;
                }, id -> id != null);
    }
}
