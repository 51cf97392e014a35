package io.leadpool.scheduler.deadline.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.scheduler.deadline.repository.DeadlineRepository;
import io.leadpool.platform.tx.SystemTransactions;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds due rows and commands the recycle (or the reminder) they call for, carrying the version it saw. Batches are
 * claimed with {@code for update skip locked}: replicas never send the same command at once, and a
 * command nobody answered is sent again after {@code refire-after}.
 *
 * <p>A round runs on every tick ({@code sweep-interval}) and, between ticks, at the next deadline: each round ends by
 * setting an alarm for the earliest deadline not yet fired when that is sooner than the next tick, and the tracker
 * sets one for a deadline it has just learnt ({@link #wakeBy}). A lead therefore goes back at its deadline, not up to a
 * tick after it; the tick remains for refires and as the fallback should an alarm be lost.
 */
@ApplicationScoped
public class RecycleSweep {

    private final DeadlineRepository deadlines;
    private final Outbox outbox;
    private final SystemTransactions system;
    private final int batchSize;
    private final Duration refireAfter;
    private final int maxFires;
    private final Duration tick;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Set when an alarm rang during a round: that round goes again once done (what woke the alarm may be new to it). */
    private volatile boolean again;
    /** The alarm set (when it rings and its timer), or none; guarded by {@code this}. */
    private Instant alarmAt;
    private long alarmTimer;

    /**
     * The soonest an alarm rings after it is set. Trackers set it after their commit, so this is not for them: it
     * keeps a past deadline whose row another replica holds locked from waking round after round back to back.
     */
    static final Duration ALARM_FLOOR = Duration.ofMillis(100);

    public RecycleSweep(DeadlineRepository deadlines, Outbox outbox, SystemTransactions system, Vertx vertx,
            @ConfigProperty(name = "leadpool.scheduler.sweep-interval") Duration tick,
            @ConfigProperty(name = "leadpool.scheduler.batch-size") int batchSize,
            @ConfigProperty(name = "leadpool.scheduler.refire-after") Duration refireAfter,
            @ConfigProperty(name = "leadpool.scheduler.max-fires") int maxFires) {
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.system = system;
        this.batchSize = batchSize;
        this.refireAfter = refireAfter;
        this.maxFires = maxFires;
        this.vertx = vertx;
        this.tick = tick;
    }

    @Scheduled(every = "${leadpool.scheduler.sweep-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return round();
    }

    /**
     * Sweeps until no batch is left, then sets the alarm for the next deadline. Rounds do not overlap: one asked for
     * while another runs makes that one go again when done.
     */
    public Uni<Void> round() {
        if (!sweeping.compareAndSet(false, true)) {
            again = true;
            return Uni.createFrom().voidItem();
        }
        again = false;
        return sweepUntilDone(0)
                .chain(() -> system.asSystem(deadlines::nextDue))
                .onFailure().invoke(e -> Log.warnf("recycle sweep failed, next round retries: %s", e.toString()))
                .onFailure().recoverWithNull()
                .onTermination().invoke(() -> sweeping.set(false))
                .invoke(next -> {
                    if (again) {
                        wakeBy(Instant.now());
                    } else if (next != null) {
                        wakeBy(next);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Makes a round run at {@code at} (or {@link #ALARM_FLOOR} from now, if sooner), unless the alarm is set for no
     * later or the tick comes first.
     */
    public void wakeBy(Instant at) {
        Instant now = Instant.now();
        if (at.isAfter(now.plus(tick))) {
            return;
        }
        long delay = Math.max(ALARM_FLOOR.toMillis(), Duration.between(now, at).toMillis() + 1);
        synchronized (this) {
            if (alarmAt != null && !alarmAt.isAfter(at)) {
                return;
            }
            if (alarmAt != null) {
                vertx.cancelTimer(alarmTimer);
            }
            alarmAt = at;
            alarmTimer = vertx.setTimer(delay, this::ring);
        }
    }

    /** No alarm rings into a closing application (its database pool already gone). */
    synchronized void stop(@Observes ShutdownEvent event) {
        if (alarmAt != null) {
            vertx.cancelTimer(alarmTimer);
            alarmAt = null;
        }
    }

    private void ring(long timer) {
        synchronized (this) {
            if (timer != alarmTimer) {
                return;
            }
            alarmAt = null;
        }
        // On a new duplicated context marked safe, as the scheduler runs a tick: Hibernate Reactive binds its session to
        // the context, and a timer rings on the event loop's own.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> round().subscribe().with(done -> {
        }, failure -> Log.warnf("recycle sweep alarm failed: %s", failure.toString())));
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
