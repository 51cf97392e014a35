package io.leadpool.pool.security;

import static io.leadpool.testing.security.Cast.ADMIN;
import static io.leadpool.testing.security.Cast.FOREIGN;
import static io.leadpool.testing.security.Cast.MANAGER;
import static io.leadpool.testing.security.Cast.OWN;
import static io.leadpool.testing.security.Cast.REP;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadpool.events.ImportRow;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.leadpool.testing.security.Answer;
import io.leadpool.testing.security.Body;
import io.leadpool.testing.security.Cast;
import io.leadpool.testing.security.Expect;
import io.leadpool.testing.security.RawHttp;
import io.leadpool.testing.security.SecurityMatrixTests;
import io.leadpool.testing.security.ServiceSpec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The security matrix of pool-service (see docs/security-tests.md). Pools, reps, claims, accounts and
 * notices are made through the service's API; leads arrive as dedup's LeadAccepted events, naming a
 * pool of this test (so that rules other tests set on the default pool do not matter).
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class SecurityMatrixTest extends SecurityMatrixTests {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String OLIVIA = "matrix-olivia";
    private static int phones = new Random().nextInt(1_000_000);

    @Override
    protected ServiceSpec fixtures(RawHttp http) throws Exception {
        return new Fixtures(http).spec();
    }

    /** The objects of both tenants, made once. */
    static final class Fixtures {

        private final RawHttp http;

        Fixtures(RawHttp http) {
            this.http = http;
        }

        Answer expect(Answer a, int status) {
            if (a.status() != status) {
                throw new AssertionError("fixture: " + a.method() + " " + a.target() + " answered " + a.summary());
            }
            return a;
        }

        JsonNode get(String tenant, String role, String path) {
            return expect(http.send("GET", path, Cast.token(tenant, role), null), 200).json();
        }

        String pool(String tenant, String name) {
            return expect(http.send("POST", "/api/v1/pools", Cast.token(tenant, ADMIN), Body.json("{\"name\":\"" + name
                    + "\",\"scope\":{\"users\":[],\"teams\":[],\"roles\":[]},\"rules\":{}}")), 201).json().path("id").asText();
        }

        /** Publishes a lead as dedup accepts it, asking for the pool (as an import row does). */
        UUID publish(String tenant, String pool, String name) {
            UUID lead = Uuid7.next();
            String phone = "+86136%08d".formatted(++phones % 100_000_000);
            String email = "matrix." + lead + "@example.com";
            LeadDetails details = new LeadDetails(name, "Matrix Foods " + RUN, phone, email, "Beijing", "retail", null,
                    new LeadDetails.LeadSource("web", "matrix"), Map.of());
            TestTopics.publish(tenant, lead, new LeadAccepted(Uuid7.next(), lead, details, phone, email,
                    new ImportRow(Uuid7.next(), 1, UUID.fromString(pool)), null));
            return lead;
        }

        void arrived(String tenant, List<UUID> leads) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leads.stream().allMatch(l -> http.send("GET",
                    "/api/v1/leads/" + l, Cast.token(tenant, ADMIN), null).status() == 200));
        }

        String claim(String tenant, UUID lead) {
            expect(http.send("POST", "/api/v1/leads/" + lead + "/claim", Cast.token(tenant, REP), null), 200);
            return lead.toString();
        }

        /** Bob's notice that his lead was touched by a duplicate, as dedup's decision makes it. */
        String notice(String tenant, UUID lead) {
            LeadDetails again = new LeadDetails("Matrix Again", null, null, null, null, null, null, null, null);
            TestTopics.publish(tenant, lead, new LeadDuplicateDetected(Uuid7.next(), lead, List.of("PHONE"), again));
            String[] id = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (JsonNode n : get(tenant, REP, "/api/v1/me/notifications?limit=200")) {
                    if (n.path("leadId").asText().equals(lead.toString())) {
                        id[0] = n.path("id").asText();
                        return true;
                    }
                }
                return false;
            });
            return id[0];
        }

        String convert(String tenant, String lead) {
            return expect(http.send("POST", "/api/v1/leads/" + lead + "/conversion", Cast.token(tenant, REP),
                    Body.json("{\"opportunityName\":\"Matrix fixture\"}")), 201).json().path("accountId").asText();
        }

        void signIn(String tenant, String token) {
            expect(http.send("GET", "/api/v1/me/leads", token, null), 200);
        }

        ServiceSpec spec() {
            // Reps become known on their first call.
            for (String tenant : List.of(OWN, FOREIGN)) {
                signIn(tenant, Cast.token(tenant, REP));
                signIn(tenant, Cast.token(tenant, MANAGER));
            }
            signIn(OWN, Cast.otherRepToken());
            signIn(OWN, TestTokens.token(OWN, OLIVIA, REP));
            get(OWN, ADMIN, "/api/v1/pools");
            get(FOREIGN, ADMIN, "/api/v1/pools");

            String main = pool(OWN, "matrix-main-" + RUN);
            String toUpdate = pool(OWN, "matrix-update-" + RUN);
            String toDelete = pool(OWN, "matrix-delete-" + RUN);
            String theirPoolName = "globex-secret-pool-" + RUN;
            String theirPool = pool(FOREIGN, theirPoolName);

            String privateName = "Matrix Private Person " + RUN;
            String theirName = "Globex Secret Person " + RUN;
            UUID inPool = publish(OWN, main, "Matrix In Pool");
            UUID toClaim = publish(OWN, main, "Matrix Claim");
            UUID toBatchClaim = publish(OWN, main, "Matrix Batch");
            UUID toAssign = publish(OWN, main, "Matrix Assign");
            UUID bobs = publish(OWN, main, privateName);
            UUID carols = publish(OWN, main, "Matrix Carol Lead");
            List<UUID> owned = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                owned.add(publish(OWN, main, "Matrix Owned " + i));
            }
            UUID theirs = publish(FOREIGN, theirPool, theirName);
            UUID theirToConvert = publish(FOREIGN, theirPool, "Globex Convert " + RUN);
            List<UUID> mine = new ArrayList<>(List.of(inPool, toClaim, toBatchClaim, toAssign, bobs, carols));
            mine.addAll(owned);
            arrived(OWN, mine);
            arrived(FOREIGN, List.of(theirs, theirToConvert));

            String bobsLead = claim(OWN, bobs);
            List<String> held = new ArrayList<>();
            owned.forEach(l -> held.add(claim(OWN, l)));
            String followUp = held.get(0);
            String stage = held.get(1);
            String level = held.get(2);
            String lock = held.get(3);
            String unlock = held.get(4);
            String release = held.get(5);
            String transfer = held.get(6);
            String conversion = held.get(7);
            expect(http.send("POST", "/api/v1/leads/" + unlock + "/lock", Cast.token(OWN, REP), null), 200);
            String myAccount = convert(OWN, held.get(8));
            String accountContact = get(OWN, ADMIN, "/api/v1/leads/" + held.get(8)).path("phone").asText();
            expect(http.send("POST", "/api/v1/leads/" + carols + "/claim", Cast.otherRepToken(), null), 200);
            String theirLead = claim(FOREIGN, theirs);
            String theirAccount = convert(FOREIGN, claim(FOREIGN, theirToConvert));
            String myNotice = notice(OWN, bobs);
            String theirNotice = notice(FOREIGN, theirs);
            JsonNode theirLeadBefore = get(FOREIGN, ADMIN, "/api/v1/leads/" + theirLead);
            JsonNode bobsLeadBefore = get(OWN, ADMIN, "/api/v1/leads/" + bobsLead);
            String settings = http.send("GET", "/api/v1/settings", Cast.token(OWN, ADMIN), null).body();

            String bob = Cast.subject(OWN, REP);
            String mia = Cast.subject(OWN, MANAGER);
            String carol = Cast.otherRepSubject();
            String olivia = TestTokens.subject(OWN, OLIVIA);
            String theirRep = Cast.subject(FOREIGN, REP);

            ServiceSpec spec = ServiceSpec.of("pool-service", "service")
                    .ownMarkers(main, bobsLead, privateName, myAccount, myNotice)
                    .foreignMarkers(theirPool, theirPoolName, theirLead, theirName, theirLeadBefore.path("phone").asText(),
                            theirLeadBefore.path("email").asText(), theirAccount, theirNotice, theirRep)
                    .otherRepMarkers(bobsLead, privateName, bobsLeadBefore.path("phone").asText(),
                            bobsLeadBefore.path("email").asText(), bob, accountContact)
                    .ref("poolId", main, theirPool)
                    .ref("leadId", bobsLead, theirLead, bobsLead)
                    .ref("repId", carol, theirRep)
                    .ref("accountId", myAccount, theirAccount)
                    .note("reps read every pool's definition (scope limits whose leads they see, not the pool);"
                            + " another rep's lead, notice or account does not exist for them (404), except a claim,"
                            + " which answers 409 ALREADY_CLAIMED without the owner (README)")
                    .note("the tenant registry is the platform realm's: its 'other tenant' is a realm never registered"
                            + " (404); every tenant role, and a tenant token claiming platform-admin, gets 403")
                    .note("an id in a body that names another tenant's object answers as if it did not exist:"
                            + " 400 naming the field (simulation poolId, release targetPoolId, conversion accountId),"
                            + " 404 for assign/transfer repId, a 404 result for a batch claim");

            String handOver = "{\"repId\":\"%s\"}";
            String registered = "mx-" + RUN;
            expect(http.send("POST", "/api/v1/tenants", Cast.token(OWN, Cast.PLATFORM_ADMIN),
                    Body.json("{\"tenantId\":\"" + registered + "\",\"displayName\":\"Matrix tenant\"}")), 201);
            java.util.concurrent.atomic.AtomicInteger newTenants = new java.util.concurrent.atomic.AtomicInteger();
            spec.op("GET /api/v1/settings", ADMIN, MANAGER, REP)
                    .control(REP, Expect.status(200))
                .op("GET /api/v1/audit", ADMIN)
                    .control(ADMIN, Expect.status(200))
                .op("GET /api/v1/tenants", Cast.PLATFORM_ADMIN)
                    .control(Cast.PLATFORM_ADMIN, Expect.status(200).contains(registered))
                .op("GET /api/v1/tenants/{tenantId}", Cast.PLATFORM_ADMIN)
                    .ref("tenantId", registered, "mx-unregistered", null)
                    .control(Cast.PLATFORM_ADMIN, Expect.status(200).json("/tenantId", registered))
                .op("PUT /api/v1/tenants/{tenantId}", Cast.PLATFORM_ADMIN)
                    .ref("tenantId", registered, "mx-unregistered", null)
                    .json(r -> "{\"displayName\":\"Matrix tenant renamed\"}")
                    .control(Cast.PLATFORM_ADMIN, Expect.status(200).json("/tenantId", registered))
                .op("POST /api/v1/tenants", Cast.PLATFORM_ADMIN)
                    .json(r -> "{\"tenantId\":\"mx-" + RUN + "-" + newTenants.incrementAndGet() + "\",\"displayName\":\"Matrix\"}")
                    .control(Cast.PLATFORM_ADMIN, Expect.status(201))
                .op("PUT /api/v1/settings", ADMIN)
                    .json(r -> settings)
                    .control(ADMIN, Expect.status(200))
                .op("POST /api/v1/pools/{poolId}/distribution-runs", ADMIN)
                    // The own pool is self-claim: reaching it is what the control shows (the other tenant's is 404).
                    .control(ADMIN, Expect.status(409).code("NOT_AUTOMATIC"))
                .op("GET /api/v1/reports/distribution", ADMIN, MANAGER)
                    .control(MANAGER, Expect.status(200))
                .op("GET /api/v1/scoring/model", ADMIN, MANAGER)
                    .control(MANAGER, Expect.status(200))
                .op("POST /api/v1/scoring/model/retraining", ADMIN)
                    // Once a minute per tenant: another test may have retrained acme just before.
                    .control(ADMIN, Expect.status(200, 409))
                .op("GET /api/v1/pools", ADMIN, MANAGER, REP)
                    .control(REP, Expect.status(200).contains(main))
                .op("GET /api/v1/pools/{poolId}", ADMIN, MANAGER, REP)
                    .noOtherRep("a pool is the tenant's; every rep reads its definition (README)")
                    .control(REP, Expect.status(200).json("/id", main))
                .op("GET /api/v1/pools/{poolId}/leads", ADMIN, MANAGER, REP)
                    .noOtherRep("lists the pool's leads in the pool, none owned; the read case as " + Cast.OTHER_REP
                            + " checks no lead of another rep shows")
                    .control(REP, Expect.status(200).contains(inPool.toString()))
                .op("PUT /api/v1/pools/{poolId}", ADMIN)
                    .own("poolId", toUpdate)
                    .json(r -> "{\"name\":\"matrix-update-" + RUN + "\",\"description\":\"matrix\","
                            + "\"scope\":{\"users\":[],\"teams\":[],\"roles\":[]},\"rules\":{}}")
                    .control(ADMIN, Expect.status(200))
                .op("PUT /api/v1/pools/{poolId}/rules", ADMIN)
                    .own("poolId", toUpdate)
                    .json(r -> "{\"followUpTimeout\":\"P3D\",\"claimQuota\":{\"max\":100,\"per\":\"P1D\"}}")
                    .control(ADMIN, Expect.status(200))
                .op("POST /api/v1/pools", ADMIN)
                    .json(r -> "{\"name\":\"matrix-new-" + RUN + "\",\"scope\":{\"users\":[],\"teams\":[],\"roles\":[]},"
                            + "\"rules\":{}}")
                    .control(ADMIN, Expect.status(201))
                .op("DELETE /api/v1/pools/{poolId}", ADMIN)
                    .own("poolId", toDelete)
                    .control(ADMIN, Expect.status(204))
                .op("POST /api/v1/recycling/simulations", ADMIN, MANAGER)
                    .json(r -> "{\"poolId\":\"" + r.get("poolId") + "\",\"rules\":{\"followUpTimeout\":\"P1D\"}}")
                    .foreign("poolId", Expect.status(400).code("VALIDATION_FAILED"))
                    .control(MANAGER, Expect.status(200))
                .op("GET /api/v1/leads/{leadId}", ADMIN, MANAGER, REP)
                    .control(REP, Expect.status(200).json("/id", bobsLead))
                .op("GET /api/v1/leads/{leadId}/history", ADMIN, MANAGER, REP)
                    .control(REP, Expect.status(200).contains("CLAIMED"))
                .op("GET /api/v1/me/leads", MANAGER, REP)
                    .control(REP, Expect.status(200).contains(bobsLead))
                .op("GET /api/v1/me/notifications", MANAGER, REP)
                    .control(REP, Expect.status(200).contains(myNotice))
                .op("POST /api/v1/me/notifications/{id}/read", MANAGER, REP)
                    .ref("id", myNotice, theirNotice, myNotice)
                    .control(REP, Expect.status(204))
                .op("GET /api/v1/accounts/{id}", ADMIN, MANAGER, REP)
                    .ref("id", myAccount, theirAccount, myAccount)
                    .control(REP, Expect.status(200).json("/id", myAccount))
                .op("GET /api/v1/reports/pool-flow", ADMIN, MANAGER)
                    .control(ADMIN, Expect.status(200))
                .op("GET /api/v1/reps", ADMIN, MANAGER)
                    .control(ADMIN, Expect.status(200).contains(carol))
                .op("PUT /api/v1/reps/{repId}", ADMIN)
                    .json(r -> "{\"tier\":\"default\",\"active\":true,\"skills\":{\"industries\":[],\"regions\":[],"
                            + "\"products\":[]},\"teams\":[]}")
                    .control(ADMIN, Expect.status(200).json("/id", carol))
                .op("POST /api/v1/reps/{repId}/offboarding", ADMIN)
                    .own("repId", olivia)
                    .json(r -> "{\"mode\":\"RELEASE\"}")
                    .control(ADMIN, Expect.status(200))
                .op("POST /api/v1/leads/claims", MANAGER, REP)
                    .own("leadId", toBatchClaim.toString())
                    .json(r -> "{\"leadIds\":[\"" + r.get("leadId") + "\"]}")
                    .foreign("leadId", Expect.status(200).json("/results/0/status", 404).absent("/results/0/lead"))
                    .otherRep(Expect.status(200).json("/results/0/code", "ALREADY_CLAIMED").absent("/results/0/lead"))
                    .control(REP, Expect.status(200).json("/claimed", 1))
                .op("POST /api/v1/leads/{leadId}/claim", MANAGER, REP)
                    .own("leadId", toClaim.toString())
                    .otherRep(Expect.status(409).code("ALREADY_CLAIMED").absent("/claimedBy"))
                    .control(REP, Expect.status(200))
                .op("POST /api/v1/leads/{leadId}/assign", ADMIN, MANAGER)
                    .own("leadId", toAssign.toString())
                    .own("repId", mia)
                    .json(r -> handOver.formatted(r.get("repId")))
                    .foreign("repId", Expect.status(404))
                    .control(ADMIN, Expect.status(200).json("/ownerId", mia))
                .op("POST /api/v1/leads/{leadId}/transfer", ADMIN, MANAGER)
                    .own("leadId", transfer)
                    .own("repId", mia)
                    .json(r -> handOver.formatted(r.get("repId")))
                    .foreign("repId", Expect.status(404))
                    .control(ADMIN, Expect.status(200).json("/ownerId", mia))
                .op("POST /api/v1/leads/{leadId}/follow-ups", MANAGER, REP)
                    .own("leadId", followUp)
                    .json(r -> "{\"type\":\"CALL\",\"note\":\"matrix\"}")
                    .control(REP, Expect.status(201))
                .op("POST /api/v1/leads/{leadId}/stage", MANAGER, REP)
                    .own("leadId", stage)
                    .json(r -> "{\"stage\":\"CONTACTED\"}")
                    .control(REP, Expect.status(200).json("/stage", "CONTACTED"))
                .op("PUT /api/v1/leads/{leadId}/level", ADMIN, MANAGER, REP)
                    .own("leadId", level)
                    .json(r -> "{\"level\":\"A\"}")
                    .control(REP, Expect.status(200).json("/level", "A"))
                .op("POST /api/v1/leads/{leadId}/lock", MANAGER, REP)
                    .own("leadId", lock)
                    .control(REP, Expect.status(200).json("/state", "LOCKED"))
                .op("POST /api/v1/leads/{leadId}/unlock", MANAGER, REP)
                    .own("leadId", unlock)
                    .control(REP, Expect.status(200).json("/state", "OWNED"))
                .op("POST /api/v1/leads/{leadId}/release", MANAGER, REP)
                    .own("leadId", release)
                    .json(r -> "{\"reason\":\"matrix\",\"targetPoolId\":\"" + r.get("poolId") + "\"}")
                    .foreign("poolId", Expect.status(400).code("VALIDATION_FAILED"))
                    .control(REP, Expect.status(200).json("/state", "IN_POOL"))
                .op("POST /api/v1/leads/{leadId}/conversion", ADMIN, MANAGER, REP)
                    .own("leadId", conversion)
                    .json(r -> "{\"opportunityName\":\"Matrix deal\",\"accountId\":\"" + r.get("accountId") + "\"}")
                    .foreign("accountId", Expect.status(400).code("VALIDATION_FAILED"))
                    .control(REP, Expect.status(201).json("/accountId", myAccount));

            // After every refusal (and before the controls): nothing of globex's, nor of bob's, changed.
            spec.extra("other-tenant", "globex's lead is as it was after every acme attempt on it",
                    () -> http.send("GET", "/api/v1/leads/" + theirLead, Cast.token(FOREIGN, ADMIN), null),
                    Expect.status(200).json("/state", "OWNED").json("/ownerId", theirRep)
                            .json("/version", theirLeadBefore.path("version").asLong()),
                    spec.ownMarkers(), "");
            spec.extra("other-tenant", "globex's pool is as it was",
                    () -> http.send("GET", "/api/v1/pools/" + theirPool, Cast.token(FOREIGN, ADMIN), null),
                    Expect.status(200).json("/name", theirPoolName), spec.ownMarkers(), "");
            spec.extra("other-tenant", "globex's notice is still unread",
                    () -> http.send("GET", "/api/v1/me/notifications?unread=true&limit=200", Cast.token(FOREIGN, REP), null),
                    Expect.status(200).contains(theirNotice), spec.ownMarkers(), "");
            spec.extra("other-tenant", "globex's rep is still active with the default tier",
                    () -> http.send("GET", "/api/v1/reps", Cast.token(FOREIGN, ADMIN), null),
                    Expect.status(200).and("and " + theirRep + " active", a -> {
                        for (JsonNode rep : a.json()) {
                            if (rep.path("id").asText().equals(theirRep)) {
                                return rep.path("active").asBoolean();
                            }
                        }
                        return false;
                    }), spec.ownMarkers(), "");
            spec.extra("other-rep", "bob's lead is as it was after every attempt of " + Cast.OTHER_REP,
                    () -> http.send("GET", "/api/v1/leads/" + bobsLead, Cast.token(OWN, REP), null),
                    Expect.status(200).json("/ownerId", bob).json("/version", bobsLeadBefore.path("version").asLong()),
                    spec.foreignMarkers(), "");
            spec.extra("other-rep", Cast.OTHER_REP + " converts her own lead naming bob's account (accountId): no such account",
                    () -> http.send("POST", "/api/v1/leads/" + carols + "/conversion", Cast.otherRepToken(),
                            Body.json("{\"opportunityName\":\"Matrix steal\",\"accountId\":\"" + myAccount + "\"}")),
                    Expect.status(400).code("VALIDATION_FAILED").json("/errors/0/field", "accountId")
                            .and("and bob's account still does not exist for her", a -> http.send("GET",
                                    "/api/v1/accounts/" + myAccount, Cast.otherRepToken(), null).status() == 404),
                    spec.otherRepMarkers(), "");
            spec.extra("other-rep", "bob's notice is still unread",
                    () -> http.send("GET", "/api/v1/me/notifications?unread=true&limit=200", Cast.token(OWN, REP), null),
                    Expect.status(200).contains(myNotice), spec.foreignMarkers(), "");
            return spec;
        }
    }
}
