package io.leadpool.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What waits for a commit (TenantTransactions.afterCommit) happens once the transaction has committed, never when it
 * rolls back, and so once per event when a consumer's batch fails and its events are applied again one by one: the
 * business counters (leadpool_dedup_decisions_total, leadpool_recycles_total) count what was done, not what was tried.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class AfterCommitTest {

    @Inject
    TenantTransactions tx;
    @Inject
    IdempotentConsumer consumer;

    @Test
    void an_action_waits_for_the_commit_and_is_dropped_with_a_rollback() throws Throwable {
        AtomicInteger done = new AtomicInteger();
        int seenInside = VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("acme", () -> {
            TenantTransactions.afterCommit(done::incrementAndGet);
            return Uni.createFrom().item(done::get);
        }));
        assertThat(seenInside).as("not before the commit").isZero();
        assertThat(done).as("after it").hasValue(1);

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("acme", () -> {
            TenantTransactions.afterCommit(done::incrementAndGet);
            return Uni.createFrom().failure(new IllegalStateException("rolled back"));
        }))).hasMessageContaining("rolled back");
        assertThat(done).as("a rolled-back transaction's action never runs").hasValue(1);

        TenantTransactions.afterCommit(done::incrementAndGet);
        assertThat(done).as("outside a transaction, at once").hasValue(2);
    }

    @Test
    void an_inner_transaction_s_action_waits_for_the_outer_commit() throws Throwable {
        AtomicInteger done = new AtomicInteger();
        int afterInner = VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("acme",
                () -> tx.inTenant("acme", () -> {
                    TenantTransactions.afterCommit(done::incrementAndGet);
                    return Uni.createFrom().voidItem();
                }).map(ignored -> done.get())));
        assertThat(afterInner).isZero();
        assertThat(done).hasValue(1);
    }

    @Test
    void a_batch_that_fails_and_is_applied_again_one_by_one_counts_each_event_once() throws Throwable {
        List<String> events = IntStream.range(0, 5).mapToObj(i -> lead()).toList();
        AtomicInteger counted = new AtomicInteger();
        VertxContextSupport.subscribeAndAwait(() -> consumer.consumeBatch("test.after-commit", events,
                (tenant, batch) -> {
                    batch.forEach(e -> TenantTransactions.afterCommit(counted::incrementAndGet));
                    return Uni.createFrom().failure(new IllegalStateException("the batch fails after counting"));
                },
                e -> {
                    TenantTransactions.afterCommit(counted::incrementAndGet);
                    return Uni.createFrom().voidItem();
                }));
        assertThat(counted).hasValue(events.size());
    }

    private static String lead() {
        UUID intakeId = Uuid7.next();
        return EventCodec.toJson(EventCodec.wrap("/test", "acme", intakeId.toString(), new LeadReceived(intakeId,
                new LeadDetails("Li Lei", "Acme", "+86 139 0000 0099", null, null, null, null, null, null), "someone",
                Instant.now()), null));
    }
}
