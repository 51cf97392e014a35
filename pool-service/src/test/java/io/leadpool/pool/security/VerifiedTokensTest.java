package io.leadpool.pool.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A token the service has verified once is remembered for its next requests (VerifiedTokens), and that changes
 * nothing a caller can see: a remembered token's roles, realm and expiry hold as when it is verified in full, and a
 * token one character off is verified in full and refused. A suspended tenant's remembered tokens stop passing:
 * TenantRegistryTest.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class VerifiedTokensTest {

    @Inject
    MeterRegistry registry;

    @Test
    void a_token_verified_once_is_answered_from_memory_with_the_same_identity() {
        String ann = TestTokens.token("acme", "ann-remembered", "sales-rep");
        double before = remembered();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(ann).get("/api/v1/me/leads").then().statusCode(200);
        }
        assertThat(remembered() - before).as("the second and third requests").isEqualTo(2);
        // The roles are the token's: a rep reads the settings and may not change them, remembered or not.
        given().auth().oauth2(ann).get("/api/v1/settings").then().statusCode(200);
        given().auth().oauth2(ann).contentType("application/json").body("{\"timeZone\":\"UTC\"}")
                .put("/api/v1/settings").then().statusCode(403);
        assertThat(remembered() - before).isEqualTo(4);
    }

    @Test
    void the_augmentors_run_again_on_a_remembered_identity() {
        // A tenant realm cannot grant platform-admin (RealmRoles), on the first request and on the ones after it.
        String mallory = TestTokens.token("acme", "mallory-remembered", "lead-admin", "platform-admin");
        double before = remembered();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(mallory).get("/api/v1/tenants").then().statusCode(403);
            given().auth().oauth2(mallory).get("/api/v1/settings").then().statusCode(200);
        }
        assertThat(remembered() - before).isEqualTo(5);
    }

    @Test
    void a_remembered_token_is_refused_once_it_expires() {
        Instant exp = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String bob = TestTokens.expiringAt(exp, "acme", "bob-remembered", "sales-rep");
        given().auth().oauth2(bob).get("/api/v1/me/leads").then().statusCode(200);
        given().auth().oauth2(bob).get("/api/v1/me/leads").then().statusCode(200);
        await().until(() -> Instant.now().isAfter(exp));
        given().auth().oauth2(bob).get("/api/v1/me/leads").then().statusCode(401);
    }

    @Test
    void a_remembered_token_changed_in_one_character_is_verified_and_refused() {
        String cid = TestTokens.token("acme", "cid-remembered", "sales-rep");
        given().auth().oauth2(cid).get("/api/v1/me/leads").then().statusCode(200);
        given().auth().oauth2(cid).get("/api/v1/me/leads").then().statusCode(200);

        String[] parts = cid.split("\\.");
        String signature = parts[2];
        char last = signature.charAt(signature.length() - 2);
        String otherSignature = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
        given().auth().oauth2(parts[0] + "." + parts[1] + "." + otherSignature).get("/api/v1/me/leads").then().statusCode(401);
        // The same signature over the claims of another user of the tenant.
        String[] eve = TestTokens.token("acme", "eve-remembered", "lead-admin").split("\\.");
        given().auth().oauth2(eve[0] + "." + eve[1] + "." + signature).get("/api/v1/me/leads").then().statusCode(401);
        given().auth().oauth2(cid).get("/api/v1/me/leads").then().statusCode(200).body("size()", equalTo(0));
    }

    private double remembered() {
        return registry.counter("leadpool.verified.tokens", "outcome", "remembered").count();
    }
}
