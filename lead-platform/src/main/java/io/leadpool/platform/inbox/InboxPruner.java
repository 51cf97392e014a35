package io.leadpool.platform.inbox;

import io.leadpool.platform.tx.SystemTransactions;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the inbox from growing forever: rows older than the retention go, a bounded batch per statement.
 * The retention must exceed how long Kafka may redeliver an event (its topic retention and any replay
 * an operator may run); past it, an event could be applied twice.
 */
@ApplicationScoped
public class InboxPruner {

    private static final int BATCH = 10_000;

    private final Pool pool;
    private final SystemTransactions system;
    private final Duration retention;

    public InboxPruner(Pool pool, SystemTransactions system, @ConfigProperty(name = "leadpool.inbox.retention", defaultValue = "P8D") Duration retention) {
        this.pool = pool;
        this.system = system;
        this.retention = retention;
    }

    @Scheduled(every = "${leadpool.inbox.prune-every:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return prune().invoke(n -> {
            if (n > 0) {
                Log.infof("pruned %d inbox rows older than %s", n, retention);
            }
        }).replaceWithVoid();
    }

    /** Deletes every row older than the retention, in batches; returns how many. */
    public Uni<Long> prune() {
        return pruneFrom(0);
    }

    private Uni<Long> pruneFrom(long soFar) {
        // Every tenant's rows: the system role, which may only read and delete inbox rows.
        return system.asSystem(pool, conn -> conn.preparedQuery("delete from inbox where ctid = any(array(select ctid from inbox"
                + " where processed_at < now() - make_interval(secs => $1) limit $2))")
                .execute(Tuple.of((double) retention.toSeconds(), BATCH)))
                .chain(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item(soFar + rows.rowCount())
                        : pruneFrom(soFar + rows.rowCount()));
    }
}
