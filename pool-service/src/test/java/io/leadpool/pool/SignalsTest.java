package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventType;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** pool-service's part of the operators' signals (docs/operations.md): the trace into the pool, claim counters. */
@QuarkusTest
@WithTestResource(RealServers.class)
class SignalsTest {

    private static final String TENANT = "acme";

    @Test
    void a_lead_lands_in_the_pool_in_the_trace_of_its_acceptance() {
        UUID leadId = Uuid7.next();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        LeadDetails details = new LeadDetails("Trace Me", "Traced Foods", "+86 135 7777 0001", "trace.me@example.com",
                "Beijing", "retail", null, new LeadDetails.LeadSource("web", null), Map.of());
        LeadAccepted accepted = new LeadAccepted(Uuid7.next(), leadId, details, "+8613577770001", "trace.me@example.com");
        TestTopics.send(Topics.DEDUP_OUTCOMES, Topics.key(TENANT, leadId),
                EventCodec.toJson(EventCodec.wrap("/dedup-service", TENANT, leadId.toString(), accepted, null)),
                Map.of("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01"));
        var pooled = TestTopics.awaitRecord(Topics.POOL_EVENTS, e -> leadId.toString().equals(e.subject())
                && e.eventType().filter(EventType.LEAD_POOLED::equals).isPresent(), Duration.ofSeconds(30));
        var header = pooled.headers().lastHeader("traceparent");
        assertThat(header).isNotNull();
        assertThat(new String(header.value(), StandardCharsets.UTF_8).split("-")[1]).isEqualTo(traceId);
    }

    @Test
    void claims_are_counted_by_outcome() {
        double claimed = count("CLAIMED");
        double lost = count("ALREADY_CLAIMED");
        UUID leadId = PoolFixture.newLead(TENANT);
        claim(rep(TENANT, "signals-bob"), leadId).then().statusCode(200);
        claim(rep(TENANT, "signals-carol"), leadId).then().statusCode(409);
        assertThat(count("CLAIMED")).isEqualTo(claimed + 1);
        assertThat(count("ALREADY_CLAIMED")).isEqualTo(lost + 1);
    }

    private static double count(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^leadpool_claims_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
