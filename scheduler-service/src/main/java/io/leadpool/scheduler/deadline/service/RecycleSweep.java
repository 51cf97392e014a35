package io.leadpool.scheduler.deadline.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.repository.DeadlineRepository;
import io.leadpool.platform.tx.SystemTransactions;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds due rows and commands the recycle (or the reminder) they call for, carrying the version it saw. Batches are
 * claimed with {@code for update skip locked}: replicas never send the same command at once, and a
 * command nobody answered is sent again after {@code refire-after}.
 */
@ApplicationScoped
public class RecycleSweep {

    private final DeadlineRepository deadlines;
    private final Outbox outbox;
    private final SystemTransactions system;
    private final int batchSize;
    private final Duration refireAfter;
    private final int maxFires;

    public RecycleSweep(DeadlineRepository deadlines, Outbox outbox, SystemTransactions system,
            @ConfigProperty(name = "leadpool.scheduler.batch-size") int batchSize,
            @ConfigProperty(name = "leadpool.scheduler.refire-after") Duration refireAfter,
            @ConfigProperty(name = "leadpool.scheduler.max-fires") int maxFires) {
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.system = system;
        this.batchSize = batchSize;
        this.refireAfter = refireAfter;
        this.maxFires = maxFires;
    }

    @Scheduled(every = "${leadpool.scheduler.sweep-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return sweepUntilDone(0)
                .onFailure().invoke(e -> Log.warnf("recycle sweep failed, next round retries: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sweeps batches until one comes back short; returns how many commands were sent. */
    public Uni<Integer> sweepUntilDone(int soFar) {
        return sweepBatch().chain(sent -> sent < batchSize ? Uni.createFrom().item(soFar + sent)
                : sweepUntilDone(soFar + sent));
    }

    private Uni<Integer> sweepBatch() {
        Instant now = DbClock.now();
        // Cross-tenant system job (the system role may update deadlines and write the outbox): each
        // command is written under the tenant of its lead.
        return system.asSystem(() -> deadlines.claimDue(now, refireAfter, maxFires, batchSize)
                .chain(batch -> outbox.addAll(batch.stream()
                        .map(d -> new Outbox.Pending(d.tenantId(), d.leadId(), d.command())).toList())
                        .replaceWith(batch.size())));
    }
}
