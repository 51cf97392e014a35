package io.leadpool.e2e;

import static io.leadpool.e2e.Api.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadpool.e2e.Suite.Service;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new tenant starts without redeploying anything: its realm exists in Keycloak, no service serves it;
 * the platform operator registers it at pool-service and within seconds all four services take its
 * tokens (TenantChanged → each service's tenant directory); suspended, all four turn them away.
 */
class TenantRegistryIT {

    private static final Map<Service, String> READ = new EnumMap<>(Map.of(
            Service.INTAKE, "/api/v1/imports",
            Service.DEDUP, "/api/v1/dedup/policy",
            Service.POOL, "/api/v1/pools",
            Service.SCHEDULER, "/api/v1/recycling/upcoming"));

    @Test
    void a_registered_realm_is_served_by_every_service_and_a_suspended_one_by_none() {
        Suite.get();
        Caller admin = Caller.user("initech", "alice");
        String platform = Caller.user("platform", "root").token();
        everyServiceAnswers(admin, 401, Duration.ZERO);

        at(Service.POOL, platform).contentType(ContentType.JSON)
                .body("{\"tenantId\":\"initech\",\"displayName\":\"Initech\"}")
                .post("/api/v1/tenants").then().statusCode(201);
        Duration served = everyServiceAnswers(admin, 200, Duration.ofSeconds(30));
        System.out.printf("TENANT REGISTRY: initech served by all four services %d ms after registration%n", served.toMillis());

        at(Service.POOL, platform).contentType(ContentType.JSON).body("{\"status\":\"SUSPENDED\"}")
                .put("/api/v1/tenants/initech").then().statusCode(200);
        Duration refused = everyServiceAnswers(admin, 401, Duration.ofSeconds(30));
        System.out.printf("TENANT REGISTRY: initech refused by all four services %d ms after suspension%n", refused.toMillis());
    }

    /** Waits until every service answers the caller's read with {@code status}; returns how long it took. */
    private static Duration everyServiceAnswers(Caller caller, int status, Duration within) {
        Instant start = Instant.now();
        for (Service s : Service.values()) {
            if (within.isZero()) {
                assertThat(at(s, caller).get(READ.get(s)).statusCode()).as("%s", s).isEqualTo(status);
            } else {
                await(s + " answers " + status).atMost(within).pollInterval(Duration.ofMillis(250))
                        .until(() -> at(s, caller).get(READ.get(s)).statusCode() == status);
            }
        }
        return Duration.between(start, Instant.now());
    }
}
