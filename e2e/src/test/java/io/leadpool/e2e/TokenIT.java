package io.leadpool.e2e;

import static io.leadpool.e2e.Api.ALICE;
import static io.leadpool.e2e.Api.BOB;
import static io.leadpool.e2e.Api.DAVE;
import static io.leadpool.e2e.Api.GATEWAY;
import static io.leadpool.e2e.Api.GLOBEX_ALICE;
import static io.leadpool.e2e.Api.GLOBEX_BOB;
import static io.leadpool.e2e.Api.MIA;
import static io.leadpool.e2e.Api.anonymous;
import static io.leadpool.e2e.Api.at;
import static io.leadpool.e2e.Api.awaitDecision;
import static io.leadpool.e2e.Api.postLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.leadpool.e2e.Suite.Service;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tokens issued by the real Keycloak (the realms of {@code deploy/local}) against every service: a tenant
 * reads its own data and nothing of another tenant's; no token, a token for another audience, a token of a
 * realm that is no tenant, and tampered tokens are 401; a role short of an endpoint's is 403; the realms'
 * keys stay cached while Keycloak is down, and the services find Keycloak again by themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenIT {

    /** A protected read on each service that an admin and a manager may make. */
    private static final Map<Service, String> READ = new EnumMap<>(Map.of(
            Service.INTAKE, "/api/v1/imports",
            Service.DEDUP, "/api/v1/dedup/policy",
            Service.POOL, "/api/v1/pools",
            Service.SCHEDULER, "/api/v1/recycling/upcoming"));
    private static final String PHONE = "+86 139 0077 0001";

    private static String intakeId;
    private static String leadId;
    private static String channelId;
    private static String acmePoolId;

    /** One acme lead, owned by dave (so the scheduler tracks it), and one acme web-form channel. */
    @BeforeAll
    static void acmeData() {
        Suite.get();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        intakeId = postLead(GATEWAY, """
                {"name":"Token Test","company":"Token Test Trading","phone":"%s","email":"token.test@example.com",
                 "region":"Beijing","industry":"retail","source":{"channel":"web","campaign":"token"}}"""
                .formatted(PHONE)).then().statusCode(202).extract().path("intakeId");
        Map<String, Object> decided = awaitDecision(ALICE, intakeId, Duration.ofSeconds(30));
        assertThat(decided.get("status")).isEqualTo("ACCEPTED");
        leadId = (String) decided.get("leadId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> at(Service.POOL, DAVE)
                .post("/api/v1/leads/{id}/claim", leadId).then().statusCode(200));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> at(Service.SCHEDULER, DAVE)
                .get("/api/v1/recycling/upcoming").then().statusCode(200).body("leadId", hasItem(leadId)));
        channelId = at(Service.INTAKE, ALICE).contentType(ContentType.JSON).body("{\"name\":\"token-it\"}")
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        acmePoolId = Api.defaultPool(ALICE);
    }

    @Test
    @Order(1)
    void keycloak_tokens_carry_issuer_audience_roles_and_name() {
        Keycloak keycloak = Suite.get().keycloak();
        for (Caller c : List.of(ALICE, MIA, BOB, GLOBEX_ALICE, GATEWAY, Caller.user("platform", "root"))) {
            JsonPath claims = claims(c.token());
            assertThat(claims.getString("iss")).as("issuer of %s", c).isEqualTo(keycloak.realmsUrl() + "/" + c.realm());
            assertThat(audience(claims)).as("audience of %s", c).contains("lead-pool-api");
        }
        assertThat(claims(ALICE.token()).getList("realm_access.roles", String.class)).contains("lead-admin");
        assertThat(claims(MIA.token()).getList("realm_access.roles", String.class)).contains("sales-manager");
        assertThat(claims(BOB.token()).getList("realm_access.roles", String.class)).contains("sales-rep")
                .doesNotContain("lead-admin", "sales-manager", "lead-source");
        assertThat(claims(BOB.token()).getString("preferred_username")).isEqualTo("bob");
        assertThat(claims(GATEWAY.token()).getList("realm_access.roles", String.class)).contains("lead-source");
        assertThat(claims(GATEWAY.token()).getString("azp")).isEqualTo(Keycloak.GATEWAY_CLIENT);
        assertThat(claims(Caller.user("platform", "root").token()).getList("realm_access.roles", String.class))
                .contains("platform-admin");
        // The other application's tokens are real tokens of the realm, for someone else.
        JsonPath other = claims(ALICE.through(Keycloak.OTHER_APP_CLIENT).token());
        assertThat(other.getString("iss")).isEqualTo(keycloak.realmsUrl() + "/acme");
        assertThat(audience(other)).doesNotContain("lead-pool-api");
    }

    @Test
    @Order(2)
    void a_tenant_reads_its_own_data_on_every_service() {
        at(Service.INTAKE, ALICE).get("/api/v1/intake/{id}", intakeId).then().statusCode(200)
                .body("leadId", equalTo(leadId));
        at(Service.INTAKE, ALICE).get("/api/v1/channels").then().statusCode(200).body("id", hasItem(channelId));
        at(Service.DEDUP, ALICE).contentType(ContentType.JSON).body("{\"phone\":\"" + PHONE + "\"}")
                .post("/api/v1/dedup/check").then().statusCode(200)
                .body("duplicate", equalTo(true)).body("matches.leadId", hasItem(leadId));
        at(Service.POOL, ALICE).get("/api/v1/leads/{id}", leadId).then().statusCode(200).body("state", equalTo("OWNED"));
        at(Service.POOL, DAVE).get("/api/v1/me/leads").then().statusCode(200).body("id", hasItem(leadId));
        at(Service.SCHEDULER, ALICE).get("/api/v1/recycling/upcoming").then().statusCode(200)
                .body("leadId", hasItem(leadId));
    }

    @Test
    @Order(3)
    void another_tenant_never_sees_it_on_any_service() {
        at(Service.INTAKE, GLOBEX_ALICE).get("/api/v1/intake/{id}", intakeId).then().statusCode(404);
        at(Service.INTAKE, GLOBEX_ALICE).get("/api/v1/channels").then().statusCode(200).body("$", empty());
        at(Service.INTAKE, GLOBEX_ALICE).get("/api/v1/imports").then().statusCode(200).body("$", empty());
        at(Service.INTAKE, GLOBEX_ALICE).delete("/api/v1/channels/{id}", channelId).then().statusCode(404);
        at(Service.INTAKE, ALICE).get("/api/v1/channels").then().body("find { it.id == '" + channelId + "' }.active",
                equalTo(true));

        at(Service.DEDUP, GLOBEX_ALICE).contentType(ContentType.JSON).body("{\"phone\":\"" + PHONE + "\"}")
                .post("/api/v1/dedup/check").then().statusCode(200)
                .body("duplicate", equalTo(false)).body("matches", empty());
        at(Service.DEDUP, GLOBEX_ALICE).get("/api/v1/conflicts").then().statusCode(200).body("$", empty());

        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/leads/{id}", leadId).then().statusCode(404);
        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/leads/{id}/history", leadId).then().statusCode(404);
        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/pools/{id}", acmePoolId).then().statusCode(404);
        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/pools/{id}/leads", acmePoolId).then().statusCode(404);
        at(Service.POOL, GLOBEX_ALICE).get("/api/v1/pools").then().statusCode(200).body("id", not(hasItem(acmePoolId)));
        at(Service.POOL, GLOBEX_BOB).get("/api/v1/me/leads").then().statusCode(200).body("$", empty());

        at(Service.SCHEDULER, GLOBEX_ALICE).get("/api/v1/recycling/upcoming").then().statusCode(200).body("$", empty());
    }

    @Test
    @Order(4)
    void no_token_a_foreign_token_or_a_tampered_one_is_401_on_every_service() {
        String valid = ALICE.token();
        Map<String, String> refused = Map.of(
                "another audience (client other-app)", ALICE.through(Keycloak.OTHER_APP_CLIENT).token(),
                "a flipped signature byte", flipSignatureByte(valid),
                "a rep's token claiming lead-admin", withPayload(BOB.token(), p -> p.replace("\"sales-rep\"", "\"lead-admin\"")),
                "alg none", unsigned(valid));
        for (Service s : Service.values()) {
            at(s, valid).get(READ.get(s)).then().statusCode(200);
            anonymous(s).get(READ.get(s)).then().statusCode(401);
            refused.forEach((what, token) -> assertThat(at(s, token).get(READ.get(s)).statusCode())
                    .as("%s on %s", what, s).isEqualTo(401));
        }
    }

    @Test
    @Order(5)
    void a_role_short_of_the_endpoint_is_403() {
        at(Service.INTAKE, BOB).get("/api/v1/channels").then().statusCode(403);
        at(Service.INTAKE, BOB).contentType(ContentType.JSON).body("{\"name\":\"rep channel\"}")
                .post("/api/v1/channels").then().statusCode(403);
        String policy = at(Service.DEDUP, ALICE).get("/api/v1/dedup/policy").then().statusCode(200).extract().asString();
        at(Service.DEDUP, BOB).get("/api/v1/dedup/policy").then().statusCode(403);
        at(Service.DEDUP, BOB).contentType(ContentType.JSON).body(policy).put("/api/v1/dedup/policy")
                .then().statusCode(403);
        at(Service.POOL, BOB).contentType(ContentType.JSON).body("{\"followUpTimeout\":\"P3D\"}")
                .put("/api/v1/pools/{id}/rules", acmePoolId).then().statusCode(403);
        at(Service.POOL, BOB).contentType(ContentType.JSON).body("{\"name\":\"rep pool\"}")
                .post("/api/v1/pools").then().statusCode(403);
        at(Service.POOL, MIA).contentType(ContentType.JSON).body("{\"name\":\"manager pool\"}")
                .post("/api/v1/pools").then().statusCode(403);
        // The platform operators' realm is served, but its tokens hold platform-admin only: no tenant's data.
        String platform = Caller.user("platform", "root").token();
        for (Service s : Service.values()) {
            assertThat(at(s, platform).get(READ.get(s)).statusCode()).as("platform token on %s", s).isEqualTo(403);
        }
        // The scheduler has no admin-only endpoint; a machine client (lead-source) may not read deadlines.
        at(Service.SCHEDULER, GATEWAY).get("/api/v1/recycling/upcoming").then().statusCode(403);
        at(Service.POOL, GATEWAY).get("/api/v1/pools").then().statusCode(403);
    }

    /**
     * With Keycloak stopped, tokens it issued before keep working: the services verify them with the keys
     * they fetched. A service started during the outage cannot verify anything yet (it has no keys); once
     * Keycloak is back, it and the others take new tokens without being restarted.
     */
    @Test
    @Order(6)
    void keys_stay_cached_while_keycloak_is_down_and_the_services_recover_when_it_is_back() {
        Suite suite = Suite.get();
        Keycloak keycloak = suite.keycloak();
        Caller globexMia = Caller.user("globex", "mia");
        for (Service s : Service.values()) {
            at(s, ALICE).get(READ.get(s)).then().statusCode(200);
            at(s, GLOBEX_ALICE).get(READ.get(s)).then().statusCode(200);
        }
        String acmeUnseen = MIA.freshToken();
        String globexUnseen = globexMia.freshToken();
        keycloak.stop();
        try {
            assertThatThrownBy(MIA::freshToken).as("Keycloak is down").isInstanceOf(java.io.UncheckedIOException.class);
            for (Service s : Service.values()) {
                at(s, acmeUnseen).get(READ.get(s)).then().statusCode(200);
                at(s, globexUnseen).get(READ.get(s)).then().statusCode(200);
            }
            suite.kill(Service.SCHEDULER);
            suite.start(Service.SCHEDULER);
            // It has no keys and cannot get them: nothing passes, and the client is told to retry.
            at(Service.SCHEDULER, acmeUnseen).get(READ.get(Service.SCHEDULER)).then().statusCode(503)
                    .header("Retry-After", "5").body("code", equalTo("IDENTITY_PROVIDER_UNAVAILABLE"));
        } finally {
            if (!keycloak.running()) {
                keycloak.start();
                Duration restart = keycloak.awaitReady();
                System.out.printf("[e2e] Keycloak restarted in %d s%n", restart.toSeconds());
            }
        }
        String acmeNew = MIA.freshToken();
        String globexNew = globexMia.freshToken();
        for (Service s : Service.values()) {
            await(s + " takes new tokens").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        at(s, acmeNew).get(READ.get(s)).then().statusCode(200);
                        at(s, globexNew).get(READ.get(s)).then().statusCode(200);
                    });
        }
        at(Service.SCHEDULER, acmeUnseen).get(READ.get(Service.SCHEDULER)).then().statusCode(200);
    }

    private static JsonPath claims(String jwt) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** {@code aud} is a string or a list of strings. */
    private static List<String> audience(JsonPath claims) {
        Object aud = claims.get("aud");
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }

    private static String flipSignatureByte(String jwt) {
        String[] parts = jwt.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** The same header and signature over a changed payload. */
    private static String withPayload(String jwt, java.util.function.UnaryOperator<String> change) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = change.apply(payload);
        assertThat(changed).as("the payload was changed").isNotEqualTo(payload);
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The payload with {@code "alg":"none"} and no signature. */
    private static String unsigned(String jwt) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + jwt.split("\\.")[1] + ".";
    }
}
