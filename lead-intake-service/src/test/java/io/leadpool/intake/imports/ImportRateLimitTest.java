package io.leadpool.intake.imports;

import static io.leadpool.intake.imports.ImportTest.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Imports are rate-limited per tenant (here 2 an hour): the third upload of the tenant is 429 RATE_LIMITED
 * with Retry-After, whoever of the tenant sends it; another tenant imports as usual.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
@TestProfile(ImportRateLimitTest.TwoImportsAnHour.class)
class ImportRateLimitTest {

    public static class TwoImportsAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("leadpool.limits.imports-per-hour", "2");
        }
    }

    static byte[] file(int n) {
        return TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Rate Limit,1380013%04d".formatted(n));
    }

    @Test
    void the_third_import_of_a_tenant_in_an_hour_is_refused_with_retry_after_and_other_tenants_import() {
        String admin = TestTokens.token("acme", "alice", "lead-admin");
        String manager = TestTokens.token("acme", "mia", "sales-manager");
        upload(admin, "r1.csv", file(1), null).statusCode(202);
        upload(manager, "r2.csv", file(2), null).statusCode(202);
        // 2 an hour: a token every 30 minutes.
        upload(admin, "r3.csv", file(3), null).statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("RATE_LIMITED"))
                .body("retryAfter", greaterThanOrEqualTo(1)).body("retryAfter", lessThanOrEqualTo(1800))
                .header("Retry-After", Integer::parseInt, greaterThanOrEqualTo(1700));
        upload(manager, "r4.csv", file(4), null).statusCode(429).body("code", equalTo("RATE_LIMITED"));

        upload(TestTokens.token("globex", "alice", "lead-admin"), "g1.csv", file(5), null).statusCode(202);
    }
}
