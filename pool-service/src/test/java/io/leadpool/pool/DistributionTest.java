package io.leadpool.pool;

import static io.leadpool.pool.DistributionFixture.awaitLeads;
import static io.leadpool.pool.DistributionFixture.count;
import static io.leadpool.pool.DistributionFixture.owners;
import static io.leadpool.pool.DistributionFixture.salesRep;
import static io.leadpool.pool.PoolFixture.admin;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.leadpool.events.LeadAccepted;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.pool.distribution.service.BacklogRuns;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The automatic modes end to end through the pool's own consumer: WEIGHTED shares, SKILL_MATCH, and the rules a
 * claim obeys (holding limit, quota, cooldown, embargo, inactive and on-leave reps), the backlog runs and the
 * report. (tenant globex; every pool here takes only its own campaign's leads and only its own reps.)
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class DistributionTest {

    static final String T = "globex";

    @Inject
    BacklogRuns backlog;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String campaign(String what) {
        return what + "-" + UUID.randomUUID();
    }

    static List<LeadAccepted> leads(String campaign, int n) {
        List<LeadAccepted> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leads.add(DistributionFixture.lead(campaign, "retail", "Shanghai", null));
        }
        return leads;
    }

    static Map<String, Integer> held(List<String> reps) {
        Map<String, Integer> held = new HashMap<>();
        for (String r : reps) {
            held.put(r, count("select count(*) from lead where tenant_id = 'globex' and owner_id = ?"
                    + " and state in ('OWNED', 'LOCKED')", r));
        }
        return held;
    }

    static Response runBacklog(String token, String pool) {
        return given().auth().oauth2(token).post("/api/v1/pools/{id}/distribution-runs", pool);
    }

    @Test
    void no_automatic_hand_out_exceeds_a_holding_limit_while_reps_claim_and_inactive_away_or_non_reps_get_none()
            throws Exception {
        List<String> team = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            team.add(salesRep(T, "lim-" + i));
        }
        String inactive = salesRep(T, "lim-inactive");
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", false,
                "skills", Map.of(), "teams", List.of())).put("/api/v1/reps/{id}", inactive).then().statusCode(200);
        String away = salesRep(T, "lim-away");
        String until = Instant.now().plus(Duration.ofDays(14)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", true,
                "skills", Map.of(), "teams", List.of(), "awayUntil", until)).put("/api/v1/reps/{id}", away).then()
                .statusCode(200).body("awayUntil", equalTo(until)).body("roles", equalTo(List.of("sales-rep")));
        given().auth().oauth2(TestTokens.token(T, "lim-manager", "sales-manager")).get("/api/v1/me/leads").then()
                .statusCode(200);
        String manager = TestTokens.subject(T, "lim-manager");
        List<String> everyone = new ArrayList<>(team);
        everyone.addAll(List.of(inactive, away, manager));

        String selfClaim = campaign("lim-claim");
        String claimPool = DistributionFixture.pool(T, selfClaim, team, Map.of("holdingLimits", Map.of("default", 5)));
        List<LeadAccepted> claimable = leads(selfClaim, 20);
        DistributionFixture.publish(T, claimable);
        awaitLeads(claimPool, 20);

        String auto = campaign("lim-auto");
        String autoPool = DistributionFixture.pool(T, auto, everyone, Map.of("distribution", "ROUND_ROBIN",
                "holdingLimits", Map.of("default", 5)));
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        List<Future<?>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String token = rep(T, "lim-" + (i + 1));
            int offset = i * 5;
            claims.add(claimers.submit(() -> {
                for (int k = 0; k < claimable.size(); k++) {
                    PoolFixture.claim(token, claimable.get((offset + k) % claimable.size()).leadId());
                }
            }));
        }
        DistributionFixture.publishConcurrently(T, leads(auto, 60), 4);
        for (Future<?> f : claims) {
            f.get();
        }
        claimers.shutdown();
        awaitLeads(autoPool, 60);

        Map<String, Integer> held = held(everyone);
        team.forEach(r -> assertThat(held.get(r)).as("held by " + r).isEqualTo(5));
        assertThat(held.get(inactive)).isZero();
        assertThat(held.get(away)).isZero();
        assertThat(held.get(manager)).isZero();
        Map<String, Integer> auto60 = owners(autoPool);
        assertThat(auto60.values().stream().mapToInt(i -> i).sum()).isEqualTo(60);
        assertThat(auto60.get("-")).as("left in the pool once every rep was full").isGreaterThanOrEqualTo(40);
        // The pool's own listing says who holds what; the handed-out leads were ASSIGNED by the distribution.
        given().auth().oauth2(admin(T)).get("/api/v1/reps").then().statusCode(200)
                .body("find { it.id == '%s' }.held".formatted(team.get(0)), equalTo(5))
                .body("find { it.id == '%s' }.awayUntil".formatted(away), equalTo(until));
        assertThat(count("select count(*) from lead_history where pool_id = ?::uuid and action = 'ASSIGNED'"
                + " and (actor_id <> 'system:distribution' or reason <> 'ROUND_ROBIN' or actor_name <> 'automatic distribution')",
                autoPool)).isZero();

        // Leave is a profile field like the others: unknown fields and leave over two years are refused.
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", true,
                "skills", Map.of(), "teams", List.of(), "onLeave", true)).put("/api/v1/reps/{id}", away).then()
                .statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("tier", "default", "active", true,
                "skills", Map.of(), "teams", List.of(), "awayUntil", Instant.now().plus(Duration.ofDays(800)).toString()))
                .put("/api/v1/reps/{id}", away).then().statusCode(400).body("errors.field", hasItem("awayUntil"));
    }

    @Test
    void the_claim_quota_caps_automatic_hand_outs_and_counts_them_against_claims() {
        String q1 = salesRep(T, "quota-1");
        String q2 = salesRep(T, "quota-2");
        String c = campaign("quota");
        String pool = DistributionFixture.pool(T, c, List.of(q1, q2), Map.of("distribution", "ROUND_ROBIN",
                "claimQuota", Map.of("max", 3, "per", "P1D")));
        DistributionFixture.publish(T, leads(c, 10));
        awaitLeads(pool, 10);
        assertThat(owners(pool)).isEqualTo(Map.of(q1, 3, q2, 3, "-", 4));
        UUID waiting = UUID.fromString(given().auth().oauth2(admin(T)).get("/api/v1/pools/{id}/leads", pool).then()
                .statusCode(200).extract().path("items[0].id"));
        PoolFixture.claim(rep(T, "quota-1"), waiting).then().statusCode(409).body("code", equalTo("CLAIM_QUOTA"))
                .body("claimed", equalTo(3));
    }

    @Test
    void the_embargo_holds_new_leads_for_the_backlog_run_and_the_last_owner_is_not_handed_back_a_lead() {
        String first = salesRep(T, "cool-a");
        String second = salesRep(T, "cool-b");
        String c = campaign("cool");
        String pool = DistributionFixture.pool(T, c, List.of(first, second), Map.of("distribution", "ROUND_ROBIN",
                "newLeadEmbargo", "PT2S", "previousOwnerCooldown", "P1D",
                "distributionOptions", Map.of("backlogEvery", "PT1M")));
        LeadAccepted lead = DistributionFixture.lead(c, "retail", "Shanghai", null);
        DistributionFixture.publish(T, List.of(lead));
        awaitLeads(pool, 1);
        assertThat(owners(pool)).isEqualTo(Map.of("-", 1));
        runBacklog(admin(T), pool).then().statusCode(200).body("considered", equalTo(0)).body("handedOut", equalTo(0));
        awaitHandedOut(pool, 1);
        String owner = owners(pool).keySet().iterator().next();
        assertThat(owner).isIn(first, second);
        String other = owner.equals(first) ? second : first;
        String ownerName = owner.equals(first) ? "cool-a" : "cool-b";
        // Released, the lead is embargoed again (every entry into a pool is); then it goes to the other rep.
        PoolFixture.release(rep(T, ownerName), lead.leadId(), "not my market").then().statusCode(200);
        awaitHandedOut(pool, 1);
        assertThat(owners(pool)).isEqualTo(Map.of(other, 1));
        // The cooldown, like a claim's, is about the last owner only: the lead goes back to the first one.
        PoolFixture.release(rep(T, owner.equals(first) ? "cool-b" : "cool-a"), lead.leadId(), "no budget").then()
                .statusCode(200);
        awaitHandedOut(pool, 1);
        assertThat(owners(pool)).isEqualTo(Map.of(owner, 1));

        given().auth().oauth2(admin(T)).queryParam("action", "POOL_BACKLOG_DISTRIBUTED").queryParam("targetId", pool)
                .get("/api/v1/audit").then().statusCode(200)
                .body("items.find { it.after.handedOut == 1 }.after.mode", equalTo("ROUND_ROBIN"))
                .body("items[0].actor.name", equalTo("alice"));
        runBacklog(rep(T, "cool-a"), pool).then().statusCode(403);
        runBacklog(admin(T), PoolFixture.defaultPool(T)).then().statusCode(409).body("code", equalTo("NOT_AUTOMATIC"));
        runBacklog(admin(T), UUID.randomUUID().toString()).then().statusCode(404);
    }

    static void awaitHandedOut(String pool, int n) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> runBacklog(admin(T), pool)
                .then().statusCode(200).extract().<Integer>path("handedOut") == n);
    }

    @Test
    void a_scheduled_backlog_run_happens_once_per_interval_across_replicas() throws Throwable {
        String r = salesRep(T, "sched-1");
        String c = campaign("sched");
        Map<String, Object> rules = new HashMap<>(Map.of("distribution", "ROUND_ROBIN",
                "holdingLimits", Map.of("default", 1), "distributionOptions", Map.of("backlogEvery", "PT10M")));
        String pool = DistributionFixture.pool(T, c, List.of(r), rules);
        DistributionFixture.publish(T, leads(c, 3));
        awaitLeads(pool, 3);
        assertThat(owners(pool)).isEqualTo(Map.of(r, 1, "-", 2));
        rules.put("holdingLimits", Map.of("default", 2));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(rules).put("/api/v1/pools/{id}/rules", pool)
                .then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> backlog.runDue(DbClock.now()));
        assertThat(owners(pool)).isEqualTo(Map.of(r, 2, "-", 1));
        rules.put("holdingLimits", Map.of("default", 3));
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(rules).put("/api/v1/pools/{id}/rules", pool)
                .then().statusCode(200);
        VertxContextSupport.subscribeAndAwait(() -> backlog.runDue(DbClock.now()));
        assertThat(owners(pool)).as("the run of this interval happened already").isEqualTo(Map.of(r, 2, "-", 1));
    }

    static final List<String> INDUSTRIES = List.of("retail", "finance", "energy", "mining");
    static final List<String> REGIONS = List.of("Shanghai", "上海市", "北京", "Shenzhen");
    static final List<String> PRODUCTS = List.of("erp", "crm", "wms");

    @Test
    void skill_match_sends_every_lead_with_a_matching_rep_to_one_and_the_others_by_the_fallback() {
        Map<String, Map<String, List<String>>> skills = new HashMap<>();
        skills.put("sk-retail", Map.of("industries", List.of("Retail"), "regions", List.of(), "products", List.of()));
        skills.put("sk-shanghai", Map.of("industries", List.of(), "regions", List.of("shanghai"), "products", List.of()));
        skills.put("sk-erp", Map.of("industries", List.of("finance"), "regions", List.of(), "products", List.of("ERP")));
        skills.put("sk-none", Map.of("industries", List.of(), "regions", List.of(), "products", List.of()));
        Map<String, String> ids = new HashMap<>();
        skills.forEach((name, s) -> ids.put(name, salesRep(T, name, "default", s)));
        String c = campaign("skill");
        String pool = DistributionFixture.pool(T, c, List.copyOf(ids.values()), Map.of("distribution", "SKILL_MATCH"));
        String c2 = campaign("skill-pool");
        String pool2 = DistributionFixture.pool(T, c2, List.copyOf(ids.values()), Map.of("distribution", "SKILL_MATCH",
                "distributionOptions", Map.of("skillFallback", "POOL")));
        Random random = new Random(11);
        List<LeadAccepted> leads = new ArrayList<>();
        List<LeadAccepted> leads2 = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String industry = random.nextInt(5) == 0 ? null : INDUSTRIES.get(random.nextInt(INDUSTRIES.size()));
            String region = random.nextInt(5) == 0 ? null : REGIONS.get(random.nextInt(REGIONS.size()));
            String product = random.nextInt(3) == 0 ? null : PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            leads.add(DistributionFixture.lead(c, industry, region, product));
            leads2.add(DistributionFixture.lead(c2, industry, region, product));
        }
        DistributionFixture.publish(T, leads);
        DistributionFixture.publish(T, leads2);
        awaitLeads(pool, 200);
        awaitLeads(pool2, 200);
        Map<String, String> owner = ownersById(pool);
        Map<String, String> owner2 = ownersById(pool2);
        int matched = 0;
        for (int i = 0; i < 200; i++) {
            Set<String> best = best(leads.get(i), ids);
            String got = owner.get(leads.get(i).leadId().toString());
            String got2 = owner2.get(leads2.get(i).leadId().toString());
            assertThat(got).as("lead %d is handed out", i).isNotNull();
            if (best.isEmpty()) {
                assertThat(got2).as("no matching rep: stays in the pool").isNull();
            } else {
                matched++;
                assertThat(got).as("lead %d", i).isIn(best);
                assertThat(got2).as("lead %d", i).isIn(best);
            }
        }
        assertThat(matched).isBetween(120, 199);
        assertThat(count("select count(*) from lead_history where pool_id = ?::uuid and reason = 'SKILL_FALLBACK'", pool))
                .isEqualTo(200 - matched);
        assertThat(count("select count(*) from lead_history where pool_id = ?::uuid and reason = 'SKILL_MATCH'", pool))
                .isEqualTo(matched);
    }

    static Map<String, String> ownersById(String pool) {
        Map<String, String> owners = new HashMap<>();
        try (var c = io.leadpool.testing.TestPostgres.connect("service");
                var st = c.prepareStatement("select id, owner_id from lead where pool_id = ?::uuid")) {
            st.setString(1, pool);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return owners;
    }

    /** The reps with the most skill points for a lead, computed here by hand from the profiles above. */
    static Set<String> best(LeadAccepted lead, Map<String, String> ids) {
        String industry = lead.lead().industry();
        String region = lead.lead().region();
        String product = lead.lead().product();
        boolean shanghai = region != null && (region.equals("Shanghai") || region.equals("上海市"));
        Map<String, Integer> points = new HashMap<>();
        points.put(ids.get("sk-retail"), "retail".equals(industry) ? 1 : 0);
        points.put(ids.get("sk-shanghai"), shanghai ? 1 : 0);
        points.put(ids.get("sk-erp"), ("finance".equals(industry) ? 1 : 0) + ("erp".equals(product) ? 1 : 0));
        points.put(ids.get("sk-none"), 0);
        int max = points.values().stream().mapToInt(i -> i).max().orElse(0);
        if (max == 0) {
            return Set.of();
        }
        Set<String> best = new java.util.HashSet<>();
        points.forEach((rep, p) -> {
            if (p == max) {
                best.add(rep);
            }
        });
        return best;
    }

    @Test
    void weighted_shares_stay_within_five_percent_of_the_configured_weights_over_ten_thousand_leads() throws IOException {
        Map<String, String> tiers = Map.of("w-default", "default", "w-junior-1", "junior", "w-junior-2", "junior",
                "w-senior", "senior");
        Map<String, Double> weights = Map.of("default", 1.0, "junior", 2.0, "senior", 4.0);
        Map<String, String> ids = new HashMap<>();
        tiers.forEach((name, tier) -> ids.put(name, salesRep(T, name, tier, Map.of())));
        String c = campaign("weighted");
        String pool = DistributionFixture.pool(T, c, List.copyOf(ids.values()), Map.of("distribution", "WEIGHTED",
                "distributionOptions", Map.of("weights", Map.of("default", 1, "byTier", Map.of("junior", 2, "senior", 4)))));
        long started = System.nanoTime();
        DistributionFixture.publish(T, leads(c, 10_000));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from lead where pool_id = ?::uuid and owner_id is not null", pool)
                        == 10_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Integer> got = owners(pool);
        double total = weights.get("default") + 2 * weights.get("junior") + weights.get("senior");
        StringBuilder md = new StringBuilder("# WEIGHTED over 10,000 leads (DistributionTest)\n\n"
                + "Weights by tier: default 1, junior 2, senior 4; no holding limit, no conversions in the window"
                + " (capacity and performance 1 for everyone). Handed out in %.1f s.\n\n".formatted(seconds)
                + "| rep (tier) | configured share | leads | share | deviation |\n|---|---|---|---|---|\n");
        double worst = 0;
        for (String name : List.of("w-default", "w-junior-1", "w-junior-2", "w-senior")) {
            double expected = weights.get(tiers.get(name)) / total;
            int leads = got.get(ids.get(name));
            double share = leads / 10_000.0;
            double deviation = (share - expected) / expected;
            worst = Math.max(worst, Math.abs(deviation));
            md.append("| %s (%s) | %.4f | %d | %.4f | %+.3f %% |\n".formatted(name, tiers.get(name), expected, leads,
                    share, deviation * 100));
            assertThat(Math.abs(deviation)).as(name).isLessThan(0.05);
        }
        md.append("\nLargest deviation from the configured share: %.3f %%.\n".formatted(worst * 100));
        JsonPath report = given().auth().oauth2(admin(T)).queryParam("poolId", pool)
                .get("/api/v1/reports/distribution").then().statusCode(200).extract().jsonPath();
        md.append("`GET /api/v1/reports/distribution?poolId=…`: maxDeviationPercent = %s.\n"
                .formatted(report.getString("maxDeviationPercent")));
        assertThat(report.getDouble("maxDeviationPercent")).isLessThan(1.0);
        assertThat(report.getInt("total.received")).isEqualTo(10_000);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "distribution-weighted.md"), md.toString());
    }

    @Test
    void weighted_gives_more_to_the_rep_who_converts() {
        String good = salesRep(T, "perf-good");
        String poor = salesRep(T, "perf-poor");
        String history = campaign("perf-history");
        String historyPool = DistributionFixture.pool(T, history, List.of(good, poor), Map.of());
        List<LeadAccepted> past = leads(history, 20);
        DistributionFixture.publish(T, past);
        awaitLeads(historyPool, 20);
        for (int i = 0; i < 20; i++) {
            String name = i < 10 ? "perf-good" : "perf-poor";
            PoolFixture.claim(rep(T, name), past.get(i).leadId()).then().statusCode(200);
            if (i < 6) {
                given().auth().oauth2(rep(T, name)).contentType(ContentType.JSON)
                        .body(Map.of("opportunityName", "deal " + i)).post("/api/v1/leads/{id}/conversion",
                                past.get(i).leadId()).then().statusCode(201);
            }
        }
        String c = campaign("perf");
        String pool = DistributionFixture.pool(T, c, List.of(good, poor), Map.of("distribution", "WEIGHTED"));
        DistributionFixture.publish(T, leads(c, 60));
        awaitLeads(pool, 60);
        Map<String, Integer> got = owners(pool);
        assertThat(got.get(good) + got.get(poor)).isEqualTo(60);
        assertThat(got.get(good)).as("the converting rep's share").isGreaterThan(36);
    }

    @Test
    void the_distribution_report_refuses_bad_periods_and_is_for_admins_and_managers() {
        given().auth().oauth2(admin(T)).queryParam("from", "yesterday").get("/api/v1/reports/distribution").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(admin(T)).queryParam("from", "2026-12-01").queryParam("to", "2026-11-01")
                .get("/api/v1/reports/distribution").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(admin(T)).queryParam("from", "2025-01-01").queryParam("to", "2026-11-01")
                .get("/api/v1/reports/distribution").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(admin(T)).queryParam("poolId", "nope").get("/api/v1/reports/distribution").then()
                .statusCode(400).body("errors[0].field", equalTo("poolId"));
        given().auth().oauth2(rep(T, "bob")).get("/api/v1/reports/distribution").then().statusCode(403);
        given().auth().oauth2(TestTokens.token(T, "mia", "sales-manager")).get("/api/v1/reports/distribution").then()
                .statusCode(200).body("timeZone", equalTo("Asia/Shanghai"));
        String lower = "round_robin";
        given().auth().oauth2(admin(T)).contentType(ContentType.JSON).body(Map.of("distribution",
                lower.toUpperCase(Locale.ROOT), "distributionOptions", Map.of("weights", Map.of("default", 2))))
                .put("/api/v1/pools/{id}/rules", PoolFixture.defaultPool(T)).then().statusCode(400)
                .body("errors[0].field", equalTo("distributionOptions.weights"));
    }
}
