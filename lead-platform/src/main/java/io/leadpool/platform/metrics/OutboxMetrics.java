package io.leadpool.platform.metrics;

import io.leadpool.platform.tx.SystemTransactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox as an operator sees it: {@code leadpool_outbox_backlog} (events committed and not yet
 * relayed) and {@code leadpool_outbox_oldest_age_seconds} (how long the oldest has waited; it grows
 * while Kafka is unreachable). Sampled on a timer rather than on scrape, as the system role: under
 * row-level security the application role sees no outbox row outside a tenant's transaction.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final Pool pool;
    private final SystemTransactions system;
    private final MeterRegistry registry;
    private final Duration every;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile double backlog;
    private volatile double oldestAgeSeconds;
    private Vertx vertx;
    private long timer;

    public OutboxMetrics(Pool pool, SystemTransactions system, MeterRegistry registry,
            @ConfigProperty(name = "leadpool.outbox.metrics-interval", defaultValue = "PT10S") Duration every) {
        this.pool = pool;
        this.system = system;
        this.registry = registry;
        this.every = every;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        Gauge.builder("leadpool.outbox.backlog", this, m -> m.backlog)
                .description("Events committed to the outbox and not yet relayed to Kafka").register(registry);
        Gauge.builder("leadpool.outbox.oldest.age", this, m -> m.oldestAgeSeconds).baseUnit("seconds")
                .description("How long the oldest event in the outbox has waited").register(registry);
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(every.toMillis(), every.toMillis(), id -> sample());
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    void sample() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        system.asSystem(pool, conn -> conn.query("select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
                + " from outbox").execute())
                .subscribe().with(rows -> {
                    Row row = rows.iterator().next();
                    backlog = row.getLong(0);
                    oldestAgeSeconds = row.getNumeric(1).doubleValue();
                    running.set(false);
                }, failure -> {
                    running.set(false);
                    Log.debugf("outbox metrics not sampled: %s", failure.toString());
                });
    }
}
