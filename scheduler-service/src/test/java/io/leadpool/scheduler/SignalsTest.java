package io.leadpool.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What lead-platform gives every service for operators (docs/operations.md): the outbox gauges, the
 * Kafka consumers' own lag, and latency histograms of the HTTP server, at /q/metrics.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class SignalsTest {

    @Test
    void metricsAnOperatorAlertsOnAreExposed() {
        given().get("/api/v1/recycling/upcoming").then().statusCode(401);
        Awaitility.await("the outbox sampled and the consumers fetching").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
                    assertThat(metrics).contains("leadpool_outbox_backlog ", "leadpool_outbox_oldest_age_seconds ",
                            "kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds_bucket");
                });
    }
}
