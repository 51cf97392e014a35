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
import io.leadpool.testing.TestPostgres;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The short chaos scenarios (bench/chaos runs the long ones): a session left idle in a transaction,
 * holding a lead's row lock; {@code kill -9} of each service in the middle of a claim storm; {@code kill -9}
 * of the Kafka broker while leads keep coming and reps keep claiming; a crash restart of PostgreSQL in the
 * middle of a claim storm and a lead stream. Each ends with a checker that reads the databases.
 */
class ChaosIT {

    /*
     * The knobs (system properties, e.g. ./mvnw verify -Dleadpool.chaos.kafka-down=PT2M), short by default: how
     * long leads and claims flow before a fault, how long Kafka and PostgreSQL stay down, the pace of the lead
     * streams, the leads of the claim storm around the PostgreSQL restart.
     */
    private static final Duration BEFORE_CHAOS = Duration.parse(System.getProperty("leadpool.chaos.before", "PT3S"));
    private static final Duration KAFKA_DOWN = Duration.parse(System.getProperty("leadpool.chaos.kafka-down", "PT5S"));
    private static final Duration POSTGRES_DOWN = Duration.parse(System.getProperty("leadpool.chaos.postgres-down", "PT3S"));
    private static final Duration LEAD_EVERY = Duration.parse(System.getProperty("leadpool.chaos.lead-every", "PT0.2S"));
    private static final int STORM_LEADS = Integer.getInteger("leadpool.chaos.storm-leads", 30);
    private static final Duration IDLE_HOLD = Duration.parse(System.getProperty("leadpool.chaos.idle-hold", "PT5S"));

    @Test
    void a_session_idle_in_a_transaction_stalls_only_the_lead_it_holds_and_only_for_the_lock_timeout() throws Exception {
        chaosPool("Chaos idle", "chaos-idle", heldMost() + 1000); // routes the campaign's leads
        List<String> leads = newLeads("chaos-idle", 12);
        String held = leads.get(0);
        List<String> others = leads.subList(1, leads.size());
        List<Duration> waits = new ArrayList<>();
        ClaimStorm storm;
        Instant locked;
        try (Connection stuck = Suite.get().database(Service.POOL)) {
            stuck.setAutoCommit(false);
            try (PreparedStatement lock = stuck.prepareStatement("select 1 from lead where id = ?::uuid for update")) {
                lock.setString(1, held);
                lock.executeQuery().close();
            }
            locked = Instant.now();
            // Other reps keep claiming other leads all along (one a second each: the rate limit never refuses).
            storm = ClaimStorm.start(List.of(CAROL, DAVE), inTurn(others), Duration.ofSeconds(1));
            do {
                Instant t0 = Instant.now();
                Response stalled = at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", held);
                Duration waited = Duration.between(t0, Instant.now());
                assertThat(stalled.statusCode()).isEqualTo(503);
                assertThat(stalled.jsonPath().getString("code")).isEqualTo("DATABASE_BUSY");
                assertThat(stalled.header("Retry-After")).isNotNull();
                assertThat(waited).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(10));
                waits.add(waited);
            } while (Duration.between(locked, Instant.now()).compareTo(IDLE_HOLD) < 0);
            storm.stop();
            stuck.rollback();
        }
        Duration heldFor = Duration.between(locked, Instant.now());
        at(Service.POOL, BOB).post("/api/v1/leads/{id}/claim", held).then().statusCode(200);
        System.out.printf("CHAOS idle-in-transaction: a row lock held %d s by a session idle in its transaction;"
                + " the held lead answered 503 DATABASE_BUSY %d times, after %d–%d ms each; meanwhile other leads: %s;"
                + " claimed at once when the session ended%n", heldFor.toSeconds(), waits.size(),
                waits.stream().mapToLong(Duration::toMillis).min().orElse(0),
                waits.stream().mapToLong(Duration::toMillis).max().orElse(0), storm.statuses());
        assertThat(storm.statuses()).as("claims of other leads while the lock was held").containsKey(200);
        assertThat(storm.statuses().keySet()).as("their answers").isSubsetOf(200, 409);
    }

    @Test
    void kill_9_of_each_service_in_a_claim_storm_leaves_every_lead_with_one_owner_no_rep_over_a_limit_and_every_claim_tracked()
            throws Exception {
        Suite suite = Suite.get();
        int limit = heldMost() + 8;
        String pool = chaosPool("Chaos storm", "chaos-storm", limit);
        List<String> leads = newLeads("chaos-storm", STORM_LEADS + 10);
        // A claim every 0.8 s per rep: the storm outlasts four restarts, and the claim rate limit (60 a minute)
        // must never be what refuses.
        ClaimStorm storm = ClaimStorm.start(List.of(BOB, CAROL, DAVE), inTurn(leads), Duration.ofMillis(800));
        Thread.sleep(1500);
        Map<Service, Duration> servingAgain = new EnumMap<>(Service.class);
        // The claims' consumers first (their events wait in Kafka meanwhile), then pool-service itself.
        for (Service victim : List.of(Service.SCHEDULER, Service.DEDUP, Service.INTAKE)) {
            servingAgain.put(victim, suite.killAndRestart(victim));
        }
        suite.kill(Service.POOL);
        Instant killed = Instant.now();
        suite.start(Service.POOL);
        Instant restartedAt = Instant.now();
        Answer firstAnswerAfterRestart = await().atMost(Duration.ofSeconds(30))
                .until(() -> storm.firstAfter(restartedAt, a -> a.status() >= 0 && a.status() < 500), Optional::isPresent)
                .get();
        servingAgain.put(Service.POOL, Duration.between(killed, firstAnswerAfterRestart.at()));
        Thread.sleep(1500);
        storm.stop();
        Map<Integer, Integer> statuses = storm.statuses();
        System.out.printf("CHAOS claim storm: answers %s; serving again after kill -9 (ms; pool-service: its first"
                + " answer to a claim, the others: ready): %s%n", statuses,
                servingAgain.entrySet().stream().map(e -> e.getKey().module + " " + e.getValue().toMillis()).toList());

        // The checker: every storm lead owned at most once, by the one rep its one CLAIMED row names; no rep
        // holds more than the pool's limit; every claim's event applied once in effect by the scheduler (the
        // follow-up deadline at the lead's owner and version) and by dedup (the profile's state, owner,
        // version); no 5xx but while pool-service was down.
        int owned = assertOneOwnerEach(pool);
        assertThat(heldMost()).as("most leads one rep holds").isLessThanOrEqualTo(limit);
        assertThat(owned).isPositive();
        String ofThePool = "l.pool_id = '" + pool + "'::uuid";
        await("the claims' events applied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(Invariants.ownedLeadsTheSchedulerLost(suite, ofThePool)).as("claims the scheduler lost").isEmpty();
                    assertThat(Invariants.profilesBehindThePool(suite, ofThePool)).as("leads dedup has behind").isEmpty();
                });
        System.out.printf("CHAOS claim storm checker: %d of %d leads owned once each, most held by one rep %d (limit %d);"
                + " every claim's deadline in the scheduler and state in dedup%n", owned, leads.size(), heldMost(), limit);
        assertThat(statuses.keySet()).allMatch(s -> s == -1 || s == 200 || s == 409 || s == 503, "statuses");
    }

    @Test
    void a_kafka_broker_killed_and_restarted_mid_stream_loses_no_lead_duplicates_none_and_stalls_no_claim()
            throws Exception {
        Broker broker = Suite.get().broker();
        // The holding limit is not this scenario's subject: high enough never to refuse.
        String pool = chaosPool("Chaos kafka", "chaos-kafka", heldMost() + 1000);
        LeadStream stream = LeadStream.start("chaos-kafka-", "+86 153 0001", "chaos-kafka", LEAD_EVERY);
        // One claim a second per rep: the claim rate limit (60 a minute) never refuses.
        ClaimStorm claims = ClaimStorm.start(List.of(BOB, CAROL, DAVE), anyInPool(pool), Duration.ofSeconds(1));
        Thread.sleep(BEFORE_CHAOS.toMillis());
        // The fault strikes a flowing chain: leads reach the pool, reps claim them, and some wait to be claimed.
        await("leads flowing into the pool and claimed").atMost(Duration.ofSeconds(60))
                .until(() -> claims.statuses().containsKey(200) && waitingIn(pool) >= 9);

        broker.kill();
        Instant killed = Instant.now();
        Thread.sleep(KAFKA_DOWN.toMillis());
        Duration ready = broker.start();
        Instant back = Instant.now();
        int firstAfterRestart = await("a lead taken after the restart").atMost(Duration.ofSeconds(30))
                .until(() -> stream.firstTakenAfter(back), Objects::nonNull);
        Instant firstPooled = await("the first lead after the restart in the pool").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stream.inPool().contains(firstAfterRestart) ? Instant.now() : null, Objects::nonNull);
        Set<Integer> backlog = stream.takenBy(back);
        Instant drained = await("the backlog in the pool").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stream.inPool().containsAll(backlog) ? Instant.now() : null, Objects::nonNull);
        Thread.sleep(1000);
        stream.stop();
        claims.stop();
        long claimedWhileDown = claims.answers().stream()
                .filter(a -> a.status() == 200 && a.at().isAfter(killed) && a.at().isBefore(back)).count();
        System.out.printf("CHAOS kafka restart: broker down for %d ms (kill -9 to ready), ready %d ms after start;"
                + " first lead posted after the restart in the pool %d ms after the broker was back; backlog of %d leads"
                + " drained %d ms after; %d leads posted; claims %s, %d claimed while the broker was down%n",
                Duration.between(killed, back).toMillis(), ready.toMillis(), Duration.between(back, firstPooled).toMillis(),
                backlog.size(), Duration.between(back, drained).toMillis(), stream.size(), claims.statuses(),
                claimedWhileDown);

        assertThat(stream.refusals()).as("intake needs no broker to take a lead").isEmpty();
        assertEachLeadDecidedAndPooledOnce(stream);
        assertThat(assertOneOwnerEach(pool)).as("leads owned").isPositive();
        assertThat(claims.statuses().keySet()).as("claim answers").contains(200).isSubsetOf(200, 409);
        assertThat(claimedWhileDown).as("claims served while the broker was down").isPositive();
        assertAllReady();
    }

    @Test
    void postgres_crashed_and_restarted_mid_storm_answers_503_meanwhile_and_every_service_serves_again()
            throws Exception {
        int limit = heldMost() + 8;
        String pool = chaosPool("Chaos postgres", "chaos-postgres", limit);
        List<String> leads = newLeads("chaos-postgres", STORM_LEADS);
        LeadStream stream = LeadStream.start("chaos-postgres-", "+86 153 0002", "chaos-postgres", LEAD_EVERY);
        // 100 ms between a rep's claims: a storm that the claim rate limit (60 a minute in bursts of 60) lets through.
        ClaimStorm storm = ClaimStorm.start(List.of(BOB, CAROL, DAVE), inTurn(leads), Duration.ofMillis(100));
        Probes probes = Probes.start();
        Thread.sleep(BEFORE_CHAOS.toMillis());

        Instant crashed = Instant.now();
        TestPostgres.restart(POSTGRES_DOWN);
        Instant back = Instant.now();
        Map<Service, Duration> servingAgain = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            Answer first = await(s + " serving again").atMost(Duration.ofSeconds(60))
                    .until(() -> probes.firstSuccessAfter(s, back), Optional::isPresent).get();
            servingAgain.put(s, Duration.between(back, first.at()));
        }
        Thread.sleep(1500);
        stream.stop();
        storm.stop();
        probes.stop();
        List<Answer> serverErrors = new ArrayList<>();
        for (List<Answer> answers : List.of(storm.answers(), stream.refusals(), probes.answers())) {
            answers.stream().filter(Answer::isServerError).forEach(serverErrors::add);
        }
        System.out.printf("CHAOS postgres restart: down %d ms (SIGQUIT to accepting connections, %d ms of it stopped);"
                + " serving again after it was back (ms): %s; claims %s; %d leads posted, %d retried; 5xx answers %d, codes %s%n",
                Duration.between(crashed, back).toMillis(), POSTGRES_DOWN.toMillis(),
                servingAgain.entrySet().stream().map(e -> e.getKey().module + " " + e.getValue().toMillis()).toList(),
                storm.statuses(), stream.size(), stream.refusals().size(), serverErrors.size(),
                serverErrors.stream().map(a -> a.status() + " " + a.contentType() + " " + a.code()).distinct().toList());

        assertThat(serverErrors).as("5xx while the database was down").isNotEmpty()
                .allMatch(Answer::isServiceUnavailableProblem, "503 problem+json")
                .allMatch(a -> "DATABASE_BUSY".equals(a.code()), "DATABASE_BUSY");
        assertThat(storm.statuses().keySet()).as("claim answers").contains(200).isSubsetOf(200, 409, 429, 503);
        assertAllReady();
        assertEachLeadDecidedAndPooledOnce(stream);
        assertThat(assertOneOwnerEach(pool)).as("leads owned").isPositive();
        assertThat(heldMost()).as("most leads one rep holds").isLessThanOrEqualTo(limit);
    }

    /**
     * Every lead the stream posted was decided once in intake (each is a new person: ACCEPTED), by one dedup
     * decision, and is in the pool once, with one POOLED history row. Inbox rows cannot repeat (their key is
     * the consumer and the event), so an event applied twice would show here as a second decision or lead.
     */
    private static void assertEachLeadDecidedAndPooledOnce(LeadStream stream) throws Exception {
        Suite suite = Suite.get();
        int posted = stream.size();
        Map<String, String> leadByIntake = new HashMap<>();
        await("every lead decided").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            leadByIntake.clear();
            Map<String, Integer> statuses = new HashMap<>();
            try (Connection c = suite.database(Service.INTAKE); PreparedStatement q = c.prepareStatement(
                    "select id::text, status, lead_id::text from intake where idempotency_key like ?")) {
                q.setString(1, stream.keyPrefix() + "%");
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        statuses.merge(rs.getString(2), 1, Integer::sum);
                        leadByIntake.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
            assertThat(statuses).as("intake decisions").isEqualTo(Map.of("ACCEPTED", posted));
        });
        assertThat(new HashSet<>(leadByIntake.values())).as("a lead of its own per intake").hasSize(posted);
        try (Connection c = suite.database(Service.DEDUP); PreparedStatement q = c.prepareStatement(
                "select count(*), count(distinct intake_id) from decision where intake_id = any(?::uuid[])")) {
            q.setArray(1, c.createArrayOf("text", leadByIntake.keySet().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("dedup decisions").isEqualTo(posted);
                assertThat(rs.getInt(2)).as("intakes decided").isEqualTo(posted);
            }
        }
        await("every lead in the pool once").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, String> intakeByLead = new HashMap<>();
                    Map<String, Long> pooledRows = new HashMap<>();
                    try (Connection c = suite.database(Service.POOL); PreparedStatement q = c.prepareStatement(
                            "select l.id::text, l.intake_id::text, (select count(*) from lead_history h"
                                    + " where h.tenant_id = l.tenant_id and h.lead_id = l.id and h.action = 'POOLED')"
                                    + " from lead l where l.tenant_id = 'acme' and l.phone like ?")) {
                        q.setString(1, stream.phoneLike());
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                assertThat(intakeByLead.put(rs.getString(1), rs.getString(2))).isNull();
                                pooledRows.put(rs.getString(1), rs.getLong(3));
                            }
                        }
                    }
                    Map<String, String> missing = new HashMap<>(leadByIntake);
                    missing.values().removeAll(intakeByLead.keySet());
                    assertThat(missing).as("intakes whose lead the pool lacks").isEmpty();
                    assertThat(intakeByLead).as("leads in the pool").hasSize(posted);
                    intakeByLead.forEach((lead, intake) -> assertThat(leadByIntake.get(intake))
                            .as("the lead intake %s became", intake).isEqualTo(lead));
                    assertThat(pooledRows).as("POOLED rows per lead").allSatisfy((lead, rows) -> assertThat(rows).isEqualTo(1));
                });
    }

    /**
     * Every lead of the pool owned at most once: an owned lead has one CLAIMED history row, naming its owner;
     * a lead not owned has none. Returns how many are owned.
     */
    private static int assertOneOwnerEach(String pool) throws Exception {
        String sql = "select l.id, l.state, l.owner_id, (select count(*) from lead_history h where h.tenant_id = l.tenant_id"
                + " and h.lead_id = l.id and h.action = 'CLAIMED'), (select max(h.to_owner) from lead_history h"
                + " where h.tenant_id = l.tenant_id and h.lead_id = l.id and h.action = 'CLAIMED')"
                + " from lead l where l.pool_id = ?::uuid";
        int owned = 0;
        try (Connection c = Suite.get().database(Service.POOL); PreparedStatement q = c.prepareStatement(sql)) {
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
        return owned;
    }

    /** Every service says it is ready again (/q/health/ready: its readiness checks pass). */
    private static void assertAllReady() {
        for (Service s : Service.values()) {
            await(s + " ready").atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.anonymous(s).get("/q/health/ready")
                    .then().statusCode(200));
        }
    }

    /** How many leads wait in the pool to be claimed. */
    private static int waitingIn(String pool) throws Exception {
        try (Connection c = Suite.get().database(Service.POOL); PreparedStatement q = c.prepareStatement(
                "select count(*) from lead where pool_id = ?::uuid and state = 'IN_POOL'")) {
            q.setString(1, pool);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The leads in turn, one after the other for whichever rep asks. */
    private static Function<Caller, Optional<String>> inTurn(List<String> leads) {
        AtomicInteger next = new AtomicInteger();
        return rep -> Optional.of(leads.get(Math.floorMod(next.getAndIncrement(), leads.size())));
    }

    /** Any lead waiting in the pool, as the rep sees the pool's first page; empty when none waits. */
    private static Function<Caller, Optional<String>> anyInPool(String pool) {
        return rep -> {
            List<String> waiting = at(Service.POOL, rep).queryParam("state", "IN_POOL").queryParam("limit", 20)
                    .get("/api/v1/pools/{id}/leads", pool).then().extract().path("items.id");
            return waiting == null || waiting.isEmpty() ? Optional.empty()
                    : Optional.of(waiting.get(ThreadLocalRandom.current().nextInt(waiting.size())));
        };
    }

    /**
     * A lead admin reading the audit log of each of the four services every 100 ms (a read through a tenant
     * transaction: the database answers or the service says why not); every answer is kept.
     */
    private static final class Probes {

        private final Map<Service, Queue<Answer>> answers = new EnumMap<>(Service.class);
        private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(Service.values().length);

        static Probes start() {
            Probes probes = new Probes();
            for (Service s : Service.values()) {
                Queue<Answer> got = new ConcurrentLinkedQueue<>();
                probes.answers.put(s, got);
                probes.threads.scheduleWithFixedDelay(() -> {
                    try {
                        got.add(Answer.of(at(s, ALICE).queryParam("limit", 1).get("/api/v1/audit")));
                    } catch (Exception noAnswer) {
                        got.add(Answer.none(noAnswer));
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
            }
            return probes;
        }

        Optional<Answer> firstSuccessAfter(Service s, Instant instant) {
            return answers.get(s).stream().filter(a -> a.isSuccess() && a.at().isAfter(instant))
                    .min(Comparator.comparing(Answer::at));
        }

        List<Answer> answers() {
            return answers.values().stream().flatMap(Queue::stream).toList();
        }

        void stop() throws InterruptedException {
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
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
