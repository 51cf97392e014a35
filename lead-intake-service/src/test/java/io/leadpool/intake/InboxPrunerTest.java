package io.leadpool.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.platform.inbox.InboxPruner;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The inbox keeps what may still be redelivered and lets go of the rest. */
@QuarkusTest
@WithTestResource(RealServers.class)
class InboxPrunerTest {

    @Inject
    InboxPruner pruner;

    @Test
    void rows_past_the_retention_are_pruned_in_batches_and_recent_ones_stay() throws Throwable {
        try (Connection c = TestPostgres.connect("service"); Statement s = c.createStatement()) {
            s.execute("insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
                    + " select 'test.prune-old', gen_random_uuid(), 'acme', 't', now() - interval '30 days'"
                    + " from generate_series(1, 25000)");
            s.execute("insert into inbox (consumer, event_id, tenant_id, event_type, processed_at)"
                    + " select 'test.prune-new', gen_random_uuid(), 'acme', 't', now() - interval '1 day'"
                    + " from generate_series(1, 10)");
        }
        long pruned = VertxContextSupport.subscribeAndAwait(() -> pruner.prune());
        assertThat(pruned).isGreaterThanOrEqualTo(25000);
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select consumer, count(*) from inbox where consumer like 'test.prune-%' group by consumer")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("test.prune-new");
            assertThat(rs.getInt(2)).isEqualTo(10);
            assertThat(rs.next()).isFalse();
        }
    }
}
