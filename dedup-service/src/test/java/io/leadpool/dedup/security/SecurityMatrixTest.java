package io.leadpool.dedup.security;

import static io.leadpool.testing.security.Cast.ADMIN;
import static io.leadpool.testing.security.Cast.FOREIGN;
import static io.leadpool.testing.security.Cast.MANAGER;
import static io.leadpool.testing.security.Cast.OWN;
import static io.leadpool.testing.security.Cast.REP;
import static org.awaitility.Awaitility.await;

import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
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
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * The security matrix of dedup (see docs/security-tests.md). Leads and conflicts are made the way
 * production makes them: LeadReceived events decided by dedup, ownership learnt from pool events.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class SecurityMatrixTest extends SecurityMatrixTests {

    /** Letters only, so company keys keep it: this run's companies resemble nobody else's. */
    private static final String RUN = letters(8);
    private static int phones = new Random().nextInt(5000);




    private static String letters(int n) {
        Random random = new Random();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** A lead dedup accepted from a LeadReceived event, as intake would send it. */
    private static LeadAccepted accepted(String tenant, String name, String company) {
        String phone = "+86137%08d".formatted(++phones + Math.abs(RUN.hashCode() % 10000) * 1000);
        LeadDetails lead = new LeadDetails(name, company, phone, null, "Shanghai", null, null,
                new LeadDetails.LeadSource("web", "matrix"), null);
        UUID intakeId = Uuid7.next();
        TestTopics.publish(tenant, intakeId, new LeadReceived(intakeId, lead, "matrix", Instant.now()));
        return EventCodec.payload(TestTopics.await(Topics.DEDUP_OUTCOMES,
                e -> e.data().path("intakeId").asText().equals(intakeId.toString()), Duration.ofSeconds(30)),
                LeadAccepted.class);
    }

    /** The tenant's matrix-bob owns the lead, as pool-service would announce it. */
    private static void ownedByBob(RawHttp http, String tenant, LeadAccepted lead) {
        String bob = Cast.subject(tenant, REP);
        TestTopics.publish(tenant, lead.leadId(), new OwnershipChanged(lead.leadId(), Uuid7.next(), "CLAIMED", null, bob,
                bob, null, 2, LeadDeadlines.NONE, Instant.now(), Cast.user(REP)));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send("POST", "/api/v1/dedup/check",
                Cast.token(tenant, ADMIN), Body.json("{\"phone\":\"" + lead.normalizedPhone() + "\"}")).body().contains(bob));
    }

    /**
     * A conflict: the second of two resembling companies is accepted and flagged. Other tests set other
     * policies, so the tenant's admin sets FLAG for the moment and then puts the tenant's policy back.
     */
    private static String conflict(RawHttp http, String tenant, String core) {
        String admin = Cast.token(tenant, ADMIN);
        String before = http.send("GET", "/api/v1/dedup/policy", admin, null).body();
        http.send("PUT", "/api/v1/dedup/policy", admin, Body.json("{\"companyMatch\":\"FLAG\",\"threshold\":0.8}"));
        try {
            accepted(tenant, "Matrix First", core + " Trading Co., Ltd.");
            LeadAccepted second = accepted(tenant, "Matrix Second", core + " Trading Limited");
            if (second.conflictId() == null) {
                throw new AssertionError("fixture: no conflict between two " + core + " companies in " + tenant);
            }
            return second.conflictId().toString();
        } finally {
            http.send("PUT", "/api/v1/dedup/policy", admin, Body.json(before));
        }
    }

    @Override
    protected ServiceSpec fixtures(RawHttp http) {
        LeadAccepted mine = accepted(OWN, "Matrix Acme Person", "Acmequartz" + RUN + " Foods");
        LeadAccepted theirs = accepted(FOREIGN, "Globex Secret Person", "Globexsecret" + RUN + " Foods");
        ownedByBob(http, OWN, mine);
        ownedByBob(http, FOREIGN, theirs);
        String myConflict = conflict(http, OWN, "Acmeconflict" + RUN);
        String theirConflict = conflict(http, FOREIGN, "Globexconflict" + RUN);
        Answer policy = http.send("GET", "/api/v1/dedup/policy", Cast.token(OWN, ADMIN), null);
        String currentPolicy = policy.body();

        ServiceSpec spec = ServiceSpec.of("dedup-service", "service")
                .ownMarkers(mine.leadId().toString(), myConflict)
                .foreignMarkers(theirs.leadId().toString(), theirConflict, "Globexsecret" + RUN,
                        "Globexconflict" + RUN, Cast.subject(FOREIGN, REP))
                .otherRepMarkers(Cast.subject(OWN, REP), Cast.user(REP))
                .note("the check names matching leads of the tenant to every permitted role (state, company, region);"
                        + " who owns one only to admins, managers and the owner: the other-rep case checks the owner"
                        + " stays hidden from " + Cast.OTHER_REP)
                .ref("phone", mine.normalizedPhone(), theirs.normalizedPhone(), mine.normalizedPhone())
                .ref("company", mine.lead().company(), theirs.lead().company());

        // Controls run in this order: the list shows the open conflict before its resolution closes it.
        spec.op("GET /api/v1/conflicts", ADMIN, MANAGER)
                .control(MANAGER, Expect.status(200).contains(myConflict))
            .op("POST /api/v1/conflicts/{id}/resolution", ADMIN, MANAGER)
                .ref("id", myConflict, theirConflict, null)
                .json(r -> "{\"action\":\"KEEP_BOTH\"}")
                .control(ADMIN, Expect.status(200).json("/status", "RESOLVED"))
            .op("POST /api/v1/dedup/check", ADMIN, MANAGER, REP)
                .json(r -> "{\"phone\":\"" + r.get("phone") + "\",\"company\":\"" + r.get("company")
                        + "\",\"region\":\"Shanghai\"}")
                .foreign("phone", Expect.status(200).json("/duplicate", false))
                .foreign("company", Expect.status(200))
                .otherRep(Expect.status(200).json("/duplicate", true).json("/matches/0/ownedByMe", false)
                        .absent("/matches/0/ownerId").absent("/matches/0/ownerName"))
                .control(REP, Expect.status(200).json("/duplicate", true)
                        .json("/matches/0/leadId", mine.leadId()).json("/matches/0/ownedByMe", true))
            .op("GET /api/v1/audit", ADMIN)
                .control(ADMIN, Expect.status(200))
            .op("GET /api/v1/dedup/policy", ADMIN, MANAGER)
                .control(MANAGER, Expect.status(200))
            .op("PUT /api/v1/dedup/policy", ADMIN)
                .json(r -> currentPolicy)
                .control(ADMIN, Expect.status(200));

        spec.extra("other-tenant", "globex's conflict is still open after every acme attempt to resolve it",
                () -> http.send("GET", "/api/v1/conflicts?status=OPEN&size=200", Cast.token(FOREIGN, ADMIN), null),
                Expect.status(200).contains(theirConflict), spec.ownMarkers(), "");
        return spec;
    }
}
