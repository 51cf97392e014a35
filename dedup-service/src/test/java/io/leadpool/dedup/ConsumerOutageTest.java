package io.leadpool.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tracing.EventTracing;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot serve for a while (down, failing over, a lock held too long: here a lock another session
 * holds, which the effect meets with its lock timeout, PostgreSQL's 55P03) is waited out, not counted against the
 * event: the event is applied once it can be, however many tries that takes, and only a wait longer than
 * {@code leadpool.inbox.busy-retry-for} gives it to the dead-letter queue. Before, the eight retries of a failing
 * event (about 16 s) dead-lettered valid events during any longer outage. The consumers here allow one retry, so
 * a wait of a few seconds is many times what the event's own failures may cost.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class ConsumerOutageTest {

    private static final Duration HELD = Duration.ofSeconds(3);

    @Inject
    TenantTransactions tx;
    @Inject
    EventTracing tracing;

    @Test
    void an_event_waits_out_a_database_that_cannot_serve_and_is_applied_once() throws Exception {
        IdempotentConsumer consumer = new IdempotentConsumer(tx, tracing, 1, Duration.ofSeconds(60));
        long key = System.nanoTime();
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        String event = lead();

        long started = System.nanoTime();
        try (Connection holder = TestPostgres.connect("service")) {
            holder.createStatement().execute("select pg_advisory_lock(" + key + ")");
            CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> await(
                    () -> consumer.consume("test.outage", event, e -> takeLock(key, tries).invoke(applied::incrementAndGet))));
            Thread.sleep(HELD.toMillis());
            assertThat(consumed).as("still waiting while the lock is held").isNotDone();
            holder.createStatement().execute("select pg_advisory_unlock(" + key + ")");
            consumed.get(30, TimeUnit.SECONDS);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(HELD);
        assertThat(tries.get()).as("tried beyond the event's own retry budget of 1").isGreaterThan(2);
        assertThat(applied).hasValue(1);

        await(() -> consumer.consume("test.outage", event, e -> Uni.createFrom().voidItem().invoke(applied::incrementAndGet)));
        assertThat(applied).as("the redelivered event finds its inbox row").hasValue(1);
    }

    @Test
    void a_wait_longer_than_allowed_gives_the_event_up_and_its_own_failures_are_retried_as_before() throws Exception {
        IdempotentConsumer consumer = new IdempotentConsumer(tx, tracing, 1, Duration.ofMillis(1500));
        long key = System.nanoTime();
        AtomicInteger tries = new AtomicInteger();
        try (Connection holder = TestPostgres.connect("service")) {
            holder.createStatement().execute("select pg_advisory_lock(" + key + ")");
            assertThatThrownBy(() -> await(() -> consumer.consume("test.outage", lead(), e -> takeLock(key, tries))))
                    .satisfies(failure -> assertThat(Failures.isDatabaseBusy(failure)).isTrue());
        }
        assertThat(tries.get()).as("waited with back-off, then gave up").isBetween(2, 10);

        AtomicInteger ownFailures = new AtomicInteger();
        assertThatThrownBy(() -> await(() -> consumer.consume("test.outage", lead(), e -> Uni.createFrom().voidItem()
                .invoke(ownFailures::incrementAndGet).chain(() -> Uni.createFrom().failure(new IllegalStateException("bad")))))
                ).hasMessageContaining("bad");
        assertThat(ownFailures).as("the first try and the one retry").hasValue(2);
    }

    /** The effect: waits at most 100 ms for an advisory lock within the tenant's transaction. */
    private static Uni<Void> takeLock(long key, AtomicInteger tries) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select set_config('lock_timeout', '100ms', true)")
                .getSingleResult()
                .invoke(ignored -> tries.incrementAndGet())
                .chain(() -> s.createNativeQuery("select count(*) from pg_advisory_xact_lock(" + key + ")")
                        .getSingleResult()))
                .replaceWithVoid();
    }

    private static void await(java.util.function.Supplier<Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new CompletionException(t);
        }
    }

    private static String lead() {
        UUID intakeId = Uuid7.next();
        return EventCodec.toJson(EventCodec.wrap("/test", "acme", intakeId.toString(), new LeadReceived(intakeId,
                new LeadDetails("Han Meimei", "Acme", "+86 139 0000 0098", null, null, null, null, null, null), "someone",
                Instant.now()), null));
    }
}
