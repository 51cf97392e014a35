package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.TestKafka;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Pools with automatic modes, their reps, leads arriving in bulk, and what the database then holds. */
final class DistributionFixture {

    private static final AtomicInteger PHONES = new AtomicInteger();

    private DistributionFixture() {
    }

    /** A sales rep known to the pool (first use of their token), with a profile; returns their id. */
    static String salesRep(String tenant, String name, String tier, Map<String, List<String>> skills) {
        given().auth().oauth2(rep(tenant, name)).get("/api/v1/me/leads").then().statusCode(200);
        String id = TestTokens.subject(tenant, name);
        given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .body(Map.of("tier", tier, "active", true, "skills", skills, "teams", List.of()))
                .put("/api/v1/reps/{id}", id).then().statusCode(200);
        return id;
    }

    static String salesRep(String tenant, String name) {
        return salesRep(tenant, name, "default", Map.of());
    }

    /** A pool of these reps that takes the leads of one campaign, with these rules; returns its id. */
    static String pool(String tenant, String campaign, List<String> reps, Map<String, Object> rules) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "dist " + campaign);
        body.put("scope", Map.of("users", reps));
        body.put("routing", Map.of("priority", 500, "match", Map.of("campaign", List.of(campaign))));
        body.put("rules", rules);
        return given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(body).post("/api/v1/pools")
                .then().statusCode(201).extract().path("id");
    }

    /** A lead of the campaign as dedup would accept it. */
    static LeadAccepted lead(String campaign, String industry, String region, String product) {
        UUID leadId = Uuid7.next();
        String phone = "+86137%08d".formatted(PHONES.incrementAndGet());
        LeadDetails d = new LeadDetails("Zhao Liu", "Dist Co " + leadId, phone, null, region, industry, product,
                new LeadDetails.LeadSource("web", campaign), Map.of());
        return new LeadAccepted(Uuid7.next(), leadId, d, phone, null);
    }

    /** Publishes every lead from {@code threads} threads at once (one producer each), as a burst of arrivals. */
    static void publishConcurrently(String tenant, List<LeadAccepted> leads, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = t;
                done.add(pool.submit(() -> {
                    try (KafkaProducer<String, String> producer = producer()) {
                        for (int i = from; i < leads.size(); i += threads) {
                            send(producer, tenant, leads.get(i));
                        }
                        producer.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static void publish(String tenant, List<LeadAccepted> leads) {
        try (KafkaProducer<String, String> producer = producer()) {
            leads.forEach(l -> send(producer, tenant, l));
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, String> producer, String tenant, LeadAccepted lead) {
        String json = EventCodec.toJson(EventCodec.wrap("/test", tenant, lead.leadId().toString(), lead, null));
        producer.send(new ProducerRecord<>(EventType.of(lead).topic(), Topics.key(tenant, lead.leadId()), json));
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p);
    }

    /** Waits until the pool holds {@code n} leads (each arrival's transaction includes its hand-out). */
    static void awaitLeads(String pool, int n) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                .until(() -> count("select count(*) from lead where pool_id = ?::uuid", pool) == n);
    }

    /** Leads of a pool by owner ("-": still in the pool), as the database holds them. */
    static Map<String, Integer> owners(String poolId) {
        return counts("select coalesce(owner_id, '-'), count(*) from lead where pool_id = ?::uuid group by 1", poolId);
    }

    static int count(String sql, Object... params) {
        try (Connection c = TestPostgres.connect("service"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Integer> counts(String sql, Object... params) {
        try (Connection c = TestPostgres.connect("service"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
