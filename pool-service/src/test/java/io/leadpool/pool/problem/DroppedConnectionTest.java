package io.leadpool.pool.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * A request whose database connection the server drops under it (a crash, a restart, a killed backend) is told to
 * retry: 503 problem+json {@code DATABASE_BUSY} with {@code Retry-After}, never Quarkus' own plain 500. The SQL
 * client fails a statement sent on such a connection with a bare {@code Throwable}, which a mapper of
 * {@code Exception} does not see (found by e2e ChaosIT while PostgreSQL was restarted mid-storm).
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class DroppedConnectionTest {

    @Test
    void a_statement_on_a_connection_the_server_dropped_answers_503_database_busy() {
        given().post("/test/dropped-connection").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("code", equalTo("DATABASE_BUSY"))
                .body("instance", startsWith("/test/dropped-connection"));
    }

    /** Test-only: ends its own backend, waits for the client to see the socket close, then uses the connection. */
    @Path("/test/dropped-connection")
    public static class DroppingResource {

        @Inject
        Pool pool;

        @POST
        @PermitAll
        @Operation(hidden = true)
        public Uni<String> drop() {
            return pool.withConnection(connection -> connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
                    .execute()
                    .onItemOrFailure().transformToUni((rows, ended) -> Uni.createFrom().voidItem()
                            .onItem().delayIt().by(Duration.ofMillis(300)))
                    .chain(() -> connection.query("SELECT 1").execute())
                    .map(rows -> "the connection survived its own termination"));
        }
    }
}
