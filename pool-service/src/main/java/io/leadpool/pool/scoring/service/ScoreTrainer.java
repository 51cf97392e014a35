package io.leadpool.pool.scoring.service;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.scoring.Auc;
import io.leadpool.pool.scoring.NaiveBayes;
import io.leadpool.pool.scoring.ScoringConfig;
import io.leadpool.pool.scoring.repository.ScoreRepository;
import io.leadpool.pool.scoring.repository.ScoreRepository.Score;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Trains a tenant's model from its own history and scores its open leads with it. One transaction claims the
 * training (one replica per tenant and interval), reads the examples, measures the model on a fifth of them held
 * out (AUC), trains it on all of them and stores it; then the open leads are rescored a batch per transaction. A
 * tenant with too little history gets no model and its leads no score.
 */
@ApplicationScoped
public class ScoreTrainer {

    public static final String TRAINED = "TRAINED";
    public static final String INSUFFICIENT = "INSUFFICIENT_HISTORY";

    /** What a training produced (the model itself is in the table). */
    public record Summary(String status, int examples, int conversions, Double auc) {
    }

    private final ScoreRepository scores;
    private final TenantTransactions tx;
    private final ScoringConfig config;
    private final AuditLog audit;

    public ScoreTrainer(ScoreRepository scores, TenantTransactions tx, ScoringConfig config, AuditLog audit) {
        this.scores = scores;
        this.tx = tx;
        this.config = config;
        this.audit = audit;
    }

    /**
     * Retrains the tenant's model unless it was trained after {@code dueIfBefore}; empty when it was (or another
     * replica is at it). {@code actor}, when an admin asked, is audited in the training's transaction.
     */
    public Uni<Optional<Summary>> retrain(String tenantId, Instant now, Instant dueIfBefore, Actor actor) {
        return tx.inTenant(tenantId, () -> scores.find(tenantId).chain(before -> scores
                .claim(tenantId, now, dueIfBefore)
                .chain(claimed -> !claimed ? Uni.createFrom().item(Optional.<Trained>empty())
                        : scores.examples(tenantId, now.minus(config.labelAfter()), config.maxExamples(), now)
                                .chain(examples -> store(tenantId, examples, now))
                                .call(t -> actor == null ? Uni.createFrom().voidItem()
                                        : audit.record(actor, "SCORE_MODEL_RETRAINED", "score-model", tenantId,
                                                before.map(b -> new Summary(b.status(), n(b.examples()),
                                                        n(b.conversions()), b.auc())).orElse(null), t.summary()))
                                .map(Optional::of))))
                .chain(trained -> trained.isEmpty() ? Uni.createFrom().item(Optional.<Summary>empty())
                        : rescore(tenantId, trained.get().model(), null, now)
                                .replaceWith(Optional.of(trained.get().summary())));
    }

    private record Trained(Summary summary, NaiveBayes model) {
    }

    private Uni<Trained> store(String tenantId, List<NaiveBayes.Example> examples, Instant now) {
        int conversions = (int) examples.stream().filter(NaiveBayes.Example::converted).count();
        int others = examples.size() - conversions;
        if (examples.size() < config.minExamples() || conversions < config.minConversions()
                || others < config.minConversions()) {
            return scores.save(tenantId, INSUFFICIENT, examples.size(), conversions, null, null, now)
                    .replaceWith(new Trained(new Summary(INSUFFICIENT, examples.size(), conversions, null), null));
        }
        Double auc = holdoutAuc(examples, config.maxValuesPerFeature());
        NaiveBayes model = NaiveBayes.train(examples, config.maxValuesPerFeature());
        return scores.save(tenantId, TRAINED, examples.size(), conversions, auc, model, now)
                .replaceWith(new Trained(new Summary(TRAINED, examples.size(), conversions, auc), model));
    }

    /**
     * The AUC of a model trained on four fifths of the examples, on the fifth it never saw (chosen by lead id, so
     * the same history always splits the same way); null when that fifth lacks either outcome.
     */
    public static Double holdoutAuc(List<NaiveBayes.Example> examples, int maxValues) {
        List<NaiveBayes.Example> train = new ArrayList<>();
        List<NaiveBayes.Example> test = new ArrayList<>();
        for (NaiveBayes.Example e : examples) {
            (heldOut(e.leadId()) ? test : train).add(e);
        }
        NaiveBayes model = NaiveBayes.train(train, maxValues);
        double[] s = new double[test.size()];
        boolean[] y = new boolean[test.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = model.probability(test.get(i).features());
            y[i] = test.get(i).converted();
        }
        double auc = Auc.of(s, y);
        return Double.isNaN(auc) ? null : Math.round(auc * 10_000) / 10_000.0;
    }

    /** Whether a lead is in the held-out fifth (a fixed function of its id). */
    public static boolean heldOut(UUID leadId) {
        return Math.floorMod(leadId.hashCode() * 0x9E3779B9, 5) == 0;
    }

    /** Scores (or, without a model, clears) the tenant's open leads, a batch per transaction. */
    private Uni<Void> rescore(String tenantId, NaiveBayes model, UUID after, Instant now) {
        if (model == null) {
            return tx.inTenant(tenantId, () -> scores.clearScores(tenantId));
        }
        return tx.inTenant(tenantId, () -> scores.open(tenantId, after, config.rescoreBatch(), now)
                .chain(page -> scores.setScores(tenantId, page.stream().map(p -> score(model, p)).toList())
                        .replaceWith(page)))
                .chain(page -> page.size() < config.rescoreBatch() ? Uni.createFrom().voidItem()
                        : rescore(tenantId, model, page.get(page.size() - 1).leadId(), now));
    }

    private static Score score(NaiveBayes model, ScoreRepository.Scorable lead) {
        double p = round(model.probability(lead.features()));
        return new Score(lead.leadId(), p, model.band(p));
    }

    /** Scores are stored to four decimals. */
    public static double round(double p) {
        return Math.round(p * 10_000) / 10_000.0;
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
