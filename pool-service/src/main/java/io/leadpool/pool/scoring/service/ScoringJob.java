package io.leadpool.pool.scoring.service;

import io.leadpool.platform.tx.DbClock;
import io.leadpool.pool.scoring.ScoringConfig;
import io.leadpool.pool.tenant.PoolTenants;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Retrains every tenant's model once it is {@code leadpool.scoring.retrain-every} old. Every replica looks; the
 * claim in {@link ScoreTrainer#retrain} lets one of them train each tenant.
 */
@ApplicationScoped
public class ScoringJob {

    private final PoolTenants tenants;
    private final ScoreTrainer trainer;
    private final ScoringConfig config;

    public ScoringJob(PoolTenants tenants, ScoreTrainer trainer, ScoringConfig config) {
        this.tenants = tenants;
        this.trainer = trainer;
        this.config = config;
    }

    @Scheduled(every = "${leadpool.scoring.check-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retrainDue() {
        Instant now = DbClock.now();
        return tenants.all().onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(tenant -> trainer.retrain(tenant, now,
                        now.minus(config.retrainEvery()), null)
                        .invoke(done -> done.ifPresent(s -> Log.infof("scoring model of %s: %s, %d examples, AUC %s",
                                tenant, s.status(), s.examples(), s.auc())))
                        .onFailure().invoke(e -> Log.warnf("retraining %s failed: %s", tenant, e.toString()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("retraining run failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }
}
