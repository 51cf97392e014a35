package io.leadpool.pool;

import static io.leadpool.pool.DistributionFixture.owners;
import static io.leadpool.pool.PoolFixture.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpool.events.LeadAccepted;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.service.PoolEntryService;
import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 1,000 leads arriving at once into a ROUND_ROBIN pool of 4 reps end with 250 each, however many consumers take
 * them. Two replicas of pool-service share nothing but the database: the rotation lives there and is advanced by
 * one conditional upsert that holds the pool's row until the hand-out commits. Here the two replicas are two Kafka
 * consumers of this service (concurrency 2, each its own partitions, event loop, connections and transactions),
 * and, without Kafka, 16 threads each running its own arrival transaction. (tenant globex)
 */
@QuarkusTest
@WithTestResource(RealServers.class)
@TestProfile(DistributionReplicasTest.TwoConsumers.class)
class DistributionReplicasTest {

    static final String T = "globex";
    static final Path FIGURES = Path.of("target", "distribution-round-robin.md");

    /** Two consumers of the new-lead topic in this one service: what two replicas would be. */
    public static class TwoConsumers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.dedup-outcomes.concurrency", "2");
        }
    }

    @Inject
    PoolEntryService entry;

    @org.junit.jupiter.api.BeforeAll
    static void freshFigures() throws IOException {
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, "# ROUND_ROBIN under concurrent arrivals (DistributionReplicasTest)\n");
    }

    @Inject
    TenantTransactions tx;

    static List<String> team(String prefix) {
        List<String> reps = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            reps.add(DistributionFixture.salesRep(T, prefix + i));
        }
        return reps;
    }

    @Test
    void a_thousand_leads_arriving_at_once_through_two_consumers_end_250_per_rep() throws Exception {
        String campaign = "rr-kafka-" + UUID.randomUUID();
        List<String> reps = team("rr-k-");
        String pool = DistributionFixture.pool(T, campaign, reps, Map.of("distribution", "ROUND_ROBIN"));
        List<LeadAccepted> leads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            leads.add(DistributionFixture.lead(campaign, "retail", "Shanghai", null));
        }
        DistributionFixture.publishConcurrently(T, leads, 8);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> owners(pool).entrySet().stream().filter(e -> !e.getKey().equals("-"))
                        .mapToInt(Map.Entry::getValue).sum() == 1000);
        Map<String, Integer> got = owners(pool);
        assertThat(got).doesNotContainKey("-");
        reps.forEach(r -> assertThat(got.get(r)).as(r).isBetween(249, 251));
        assertThat(DistributionFixture.count("select count(*) from lead_history where pool_id = ?::uuid"
                + " and action = 'ASSIGNED' and actor_id = 'system:distribution' and reason = 'ROUND_ROBIN'", pool))
                .isEqualTo(1000);
        JsonPath report = given().auth().oauth2(admin(T)).queryParam("poolId", pool)
                .get("/api/v1/reports/distribution").then().statusCode(200).extract().jsonPath();
        for (String r : reps) {
            assertThat(report.getInt("reps.find { it.repId == '%s' }.byMode.ROUND_ROBIN".formatted(r))).isEqualTo(got.get(r));
            assertThat(report.getDouble("reps.find { it.repId == '%s' }.automatic.fair".formatted(r))).isEqualTo(250.0);
        }
        figures("Two Kafka consumers (concurrency 2), 1,000 leads published by 8 producers at once", reps, got);
    }

    @Test
    void a_thousand_arrival_transactions_from_sixteen_threads_end_250_per_rep() throws Exception {
        String campaign = "rr-direct-" + UUID.randomUUID();
        List<String> reps = team("rr-d-");
        String pool = DistributionFixture.pool(T, campaign, reps, Map.of("distribution", "ROUND_ROBIN"));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                LeadAccepted lead = DistributionFixture.lead(campaign, "retail", "Shanghai", null);
                done.add(threads.submit(() -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(
                                () -> tx.inTenant(T, () -> entry.acceptAll(T, List.of(lead))));
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        Map<String, Integer> got = owners(pool);
        assertThat(got).doesNotContainKey("-");
        reps.forEach(r -> assertThat(got.get(r)).as(r).isBetween(249, 251));
        figures("16 threads, 1,000 arrival transactions (one lead each) at once", reps, got);
    }

    static synchronized void figures(String how, List<String> reps, Map<String, Integer> got) throws IOException {
        StringBuilder md = new StringBuilder("\n## ROUND_ROBIN, 4 reps: " + how + "\n\n| rep | leads |\n|---|---|\n");
        for (int i = 0; i < reps.size(); i++) {
            md.append("| rep ").append(i + 1).append(" | ").append(got.get(reps.get(i))).append(" |\n");
        }
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
