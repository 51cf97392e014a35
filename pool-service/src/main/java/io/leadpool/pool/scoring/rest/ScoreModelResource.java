package io.leadpool.pool.scoring.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.scoring.NaiveBayes;
import io.leadpool.pool.scoring.repository.ScoreRepository;
import io.leadpool.pool.scoring.service.ScoreTrainer;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The tenant's scoring model as it can be explained, and a retraining on demand. */
@Path("/api/v1/scoring/model")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreModelResource {

    /** An admin's retraining runs at most once a minute per tenant. */
    static final Duration MANUAL_INTERVAL = Duration.ofMinutes(1);
    static final int MAX_FACTORS_PER_FEATURE = 20;

    /**
     * @param status      TRAINED, INSUFFICIENT_HISTORY, or NONE (never trained)
     * @param auc         the model's AUC on a fifth of the examples it was not trained on
     * @param baseRate    conversions / examples
     * @param bands       the score cut-offs of HIGH and MEDIUM
     * @param factors     per feature, its values and how much each multiplies a lead's odds (likelihood ratio),
     *                    strongest first, at most 20 per feature
     */
    public record ModelView(String status, long version, Instant trainedAt, Integer examples, Integer conversions,
            Double auc, Double baseRate, Map<String, Double> bands, List<NaiveBayes.Factor> factors) {
    }

    private final ScoreRepository scores;
    private final ScoreTrainer trainer;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public ScoreModelResource(ScoreRepository scores, ScoreTrainer trainer, TenantTransactions tx,
            CurrentActor actor) {
        this.scores = scores;
        this.trainer = trainer;
        this.tx = tx;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<ModelView> get() {
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> scores.find(tenant)).map(found -> found.map(ScoreModelResource::view)
                .orElse(new ModelView("NONE", 0, null, null, null, null, null, null, List.of())));
    }

    @POST
    @Path("/retraining")
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<ModelView> retrain() {
        Actor me = actor.get();
        Instant now = DbClock.now();
        return trainer.retrain(me.tenantId(), now, now.minus(MANUAL_INTERVAL), me)
                .chain(done -> done.isPresent() ? get()
                        : Uni.createFrom().failure(new ProblemException(409, "TRAINING_TOO_SOON", "Conflict",
                                "the model was trained less than a minute ago", Map.of("retryAfter", 60))));
    }

    static ModelView view(ScoreRepository.Stored s) {
        NaiveBayes m = s.model();
        Double baseRate = s.examples() == null || s.examples() == 0 ? null
                : Math.round(s.conversions() * 10_000.0 / s.examples()) / 10_000.0;
        if (m == null) {
            return new ModelView(s.status(), s.version(), s.trainedAt(), s.examples(), s.conversions(), s.auc(),
                    baseRate, null, List.of());
        }
        Map<String, Integer> perFeature = new java.util.HashMap<>();
        List<NaiveBayes.Factor> factors = m.factors().stream()
                .filter(f -> perFeature.merge(f.feature(), 1, Integer::sum) <= MAX_FACTORS_PER_FEATURE).toList();
        return new ModelView(s.status(), s.version(), s.trainedAt(), s.examples(), s.conversions(), s.auc(), baseRate,
                Map.of("HIGH", ScoreTrainer.round(m.highCut()), "MEDIUM", ScoreTrainer.round(m.mediumCut())), factors);
    }
}
