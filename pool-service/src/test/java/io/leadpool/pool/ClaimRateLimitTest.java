package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claims are rate-limited per rep (here 3 a minute): the fourth attempt in a minute is 429 RATE_LIMITED
 * with Retry-After, whatever became of the first three; other reps and other tenants are not affected. The
 * limiter stands before the claim itself, so the attempts here name leads that do not exist (404).
 */
@QuarkusTest
@WithTestResource(RealServers.class)
@TestProfile(ClaimRateLimitTest.ThreeClaimsAMinute.class)
class ClaimRateLimitTest {

    public static class ThreeClaimsAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("leadpool.limits.claims-per-minute", "3");
        }
    }

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static void limited(Response response) {
        // 3 a minute: a token every 20 s.
        response.then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .body("retryAfter", greaterThanOrEqualTo(1)).body("retryAfter", lessThanOrEqualTo(20))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1))
                .header("Retry-After", Integer::parseInt, lessThanOrEqualTo(20));
    }

    @Test
    void the_fourth_claim_of_a_rep_in_a_minute_is_refused_with_retry_after_and_others_claim_on() {
        String victor = rep("acme", "rl-victor");
        for (int i = 0; i < 3; i++) {
            claim(victor, UUID.randomUUID()).then().statusCode(404);
        }
        limited(claim(victor, UUID.randomUUID()));
        // Another rep of the tenant, and a rep of the same name in another tenant, claim as usual.
        claim(rep("acme", "rl-wendy"), UUID.randomUUID()).then().statusCode(404);
        claim(rep("globex", "rl-victor"), UUID.randomUUID()).then().statusCode(404);
        limited(claim(victor, UUID.randomUUID()));
    }

    @Test
    void a_batch_takes_a_token_per_lead_the_rest_answered_429_and_none_left_is_a_429() {
        String xena = rep("acme", "rl-xena");
        List<String> five = Stream.generate(() -> UUID.randomUUID().toString()).limit(5).toList();
        given().auth().oauth2(xena).contentType(ContentType.JSON).body(Map.of("leadIds", five))
                .post("/api/v1/leads/claims").then().statusCode(200)
                .body("claimed", equalTo(0)).body("refused", equalTo(5))
                .body("results.status", equalTo(List.of(404, 404, 404, 429, 429)))
                .body("results[3].code", equalTo("RATE_LIMITED"))
                .body("results[4].retryAfter", lessThanOrEqualTo(20));
        limited(given().auth().oauth2(xena).contentType(ContentType.JSON).body(Map.of("leadIds", five.subList(0, 1)))
                .post("/api/v1/leads/claims"));
        limited(claim(xena, UUID.randomUUID()));
    }
}
