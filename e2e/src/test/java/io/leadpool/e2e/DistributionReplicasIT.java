package io.leadpool.e2e;

import static io.leadpool.e2e.Api.ALICE;
import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.at;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.leadpool.events.Topics;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/**
 * Two pool-service processes on one database share the new-lead topic's partitions; 1,000 leads posted to intake
 * at once reach a ROUND_ROBIN pool of 4 reps through both, and each rep ends with 250. The rotation lives in the
 * database, so the replicas need nothing from each other.
 */
class DistributionReplicasIT {

    static final String TENANT = "acme";

    @Test
    void a_thousand_leads_through_two_pool_service_replicas_end_250_per_rep() throws Exception {
        Suite suite = Suite.get();
        Suite.Replica second = suite.startReplica(Service.POOL);
        try {
            await("both replicas hold partitions of " + Topics.DEDUP_OUTCOMES).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> consumersOfNewLeads().size() == 2);

            String campaign = "rr-e2e-" + UUID.randomUUID();
            List<String> reps = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                // Four reps of their own (the realm's bob, carol and dave hold other tests' leads).
                String id = suite.keycloak().ensureUser(TENANT, "rr-e2e-" + i, "sales-rep");
                String token = Caller.user(TENANT, "rr-e2e-" + i).token();
                given().baseUri(i % 2 == 0 ? second.url() : suite.url(Service.POOL)).auth().oauth2(token)
                        .get("/api/v1/me/leads").then().statusCode(200);
                reps.add(id);
            }
            String pool = at(Service.POOL, ALICE).contentType(ContentType.JSON).body(Map.of("name", "e2e " + campaign,
                    "scope", Map.of("users", reps), "routing", Map.of("priority", 900, "match",
                            Map.of("campaign", List.of(campaign))), "rules", Map.of("distribution", "ROUND_ROBIN")))
                    .post("/api/v1/pools").then().statusCode(201).extract().path("id");

            long started = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String body = """
                        {"name":"Replica Lead %d","phone":"+86 188 8800 %04d","region":"Shanghai",
                         "industry":"retail","source":{"channel":"web","campaign":"%s"}}""".formatted(i, i, campaign);
                posts.add(clients.submit(() -> at(Service.INTAKE, GATEWAY).contentType(ContentType.JSON).body(body)
                        .post("/api/v1/leads").then().statusCode(202)));
            }
            for (Future<?> f : posts) {
                f.get();
            }
            clients.shutdown();
            await("every lead handed out").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> owners(suite, pool).values().stream().mapToInt(Integer::intValue).sum() == 1000);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Integer> got = owners(suite, pool);
            assertThat(got).doesNotContainKey("-");
            reps.forEach(r -> assertThat(got.get(r)).as(r).isBetween(249, 251));
            assertThat(consumersOfNewLeads()).hasSize(2);

            StringBuilder md = new StringBuilder("# ROUND_ROBIN through two pool-service processes (DistributionReplicasIT)"
                    + "\n\n1,000 leads posted to intake by 8 clients at once; dedup accepted them; two pool-service"
                    + " processes (one database, one consumer group, the topic's 3 partitions split between them) handed"
                    + " them out. All done %.1f s after the first post.\n\n| rep | leads |\n|---|---|\n".formatted(seconds));
            for (int i = 0; i < reps.size(); i++) {
                md.append("| rep ").append(i + 1).append(" | ").append(got.get(reps.get(i))).append(" |\n");
            }
            Files.writeString(Path.of("target", "distribution-replicas.md"), md.toString());
        } finally {
            suite.stopReplica(second);
        }
    }

    /** The members of pool-service's consumer group that hold partitions of the new-lead topic. */
    static Set<String> consumersOfNewLeads() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", Suite.get().kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("pool-service")).all().get()
                    .get("pool-service");
            Set<String> members = new HashSet<>();
            for (MemberDescription m : group.members()) {
                if (m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.DEDUP_OUTCOMES))) {
                    members.add(m.consumerId());
                }
            }
            return members;
        }
    }

    static Map<String, Integer> owners(Suite suite, String pool) throws Exception {
        Map<String, Integer> owners = new HashMap<>();
        try (Connection c = suite.database(Service.POOL); PreparedStatement s = c.prepareStatement(
                "select coalesce(owner_id, '-'), count(*) from lead where pool_id = ?::uuid group by 1")) {
            s.setString(1, pool);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return owners;
    }
}
