package io.leadpool.scheduler.security;

import static io.leadpool.testing.security.Cast.ADMIN;
import static io.leadpool.testing.security.Cast.FOREIGN;
import static io.leadpool.testing.security.Cast.MANAGER;
import static io.leadpool.testing.security.Cast.OWN;
import static io.leadpool.testing.security.Cast.REP;
import static org.awaitility.Awaitility.await;

import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.security.Cast;
import io.leadpool.testing.security.Expect;
import io.leadpool.testing.security.RawHttp;
import io.leadpool.testing.security.SecurityMatrixTests;
import io.leadpool.testing.security.ServiceSpec;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The security matrix of the scheduler (see docs/security-tests.md): its one endpoint, the upcoming
 * recycles, shows a rep their own leads and admins and managers their tenant's, never another tenant's.
 * Deadlines come from pool events, as in production.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class SecurityMatrixTest extends SecurityMatrixTests {




    /** A lead owned by the tenant's rep matrix-bob, due in two days, once the scheduler shows it to him. */
    private static UUID ownedLead(RawHttp http, String tenant) {
        UUID lead = Uuid7.next();
        String bob = Cast.subject(tenant, REP);
        Instant due = Instant.now().plus(Duration.ofDays(2));
        TestTopics.publish(tenant, lead, new OwnershipChanged(lead, Uuid7.next(), "CLAIMED", null, bob, bob, null, 3,
                new LeadDeadlines(due, null, null, null), Instant.now(), Cast.user(REP)));
        // Through bob's own view: the tenant's may hold hundreds of other tests' deadlines.
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send("GET", "/api/v1/recycling/upcoming?within=P3D&limit=500",
                Cast.token(tenant, REP), null).body().contains(lead.toString()));
        return lead;
    }

    @Override
    protected ServiceSpec fixtures(RawHttp http) {
        UUID mine = ownedLead(http, OWN);
        UUID theirs = ownedLead(http, FOREIGN);
        return ServiceSpec.of("scheduler-service", "service")
                .ownMarkers(mine.toString())
                .foreignMarkers(theirs.toString(), Cast.subject(FOREIGN, REP))
                .otherRepMarkers(mine.toString(), Cast.subject(OWN, REP))
                .note("no operation names an object: the one read is checked for the other tenant's deadlines"
                        + " (all roles) and, as " + Cast.OTHER_REP + ", for " + Cast.user(REP) + "'s")
                .op("GET /api/v1/recycling/upcoming", ADMIN, MANAGER, REP)
                .control(REP, Expect.status(200).contains(mine.toString()))
                .op("GET /api/v1/audit", ADMIN)
                .control(ADMIN, Expect.status(200)).spec();
    }
}
