package io.leadpool.pool.scoring.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.SqlValues;
import io.leadpool.pool.scoring.LeadFeatures;
import io.leadpool.pool.scoring.NaiveBayes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's scoring model, its examples, and the scores on its leads. In the caller's transaction. */
@ApplicationScoped
public class ScoreRepository {

    /** The stored state of a tenant's model (status TRAINED or INSUFFICIENT_HISTORY). */
    public record Stored(String status, long version, Instant trainedAt, Integer examples, Integer conversions,
            Double auc, NaiveBayes model) {
    }

    /** A lead to score: its id and features. */
    public record Scorable(UUID leadId, LeadFeatures features) {
    }

    /** A lead's new score. */
    public record Score(UUID leadId, double score, String band) {
    }

    /**
     * The features of leads as SQL: when the lead's owner took it ({@code owned_since}: its last claim, assignment
     * or transfer) and their first follow-up since. Followed by the caller's {@code from lead l where …}.
     */
    private static final String FEATURES = "select cast(l.id as text), l.channel, l.campaign, l.industry, l.region,"
            + " coalesce(l.attributes ->> '" + LeadFeatures.SIZE_ATTRIBUTES.get(0) + "', l.attributes ->> '"
            + LeadFeatures.SIZE_ATTRIBUTES.get(1) + "'), l.owned_since,"
            + " (select min(f.at) from follow_up f where f.tenant_id = l.tenant_id and f.lead_id = l.id"
            + "   and f.at >= l.owned_since),"
            + " l.state = 'CONVERTED'";

    private final ObjectMapper json;

    public ScoreRepository(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Optional<Stored>> find(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select status, version, trained_at, examples,"
                + " conversions, auc, cast(model as text) from lead_score_model where tenant_id = :t", Object[].class)
                .setParameter("t", tenantId).getSingleResultOrNull())
                .map(r -> Optional.ofNullable(r).map(row -> new Stored((String) row[0], ((Number) row[1]).longValue(),
                        SqlValues.instant(row[2]), row[3] == null ? null : ((Number) row[3]).intValue(),
                        row[4] == null ? null : ((Number) row[4]).intValue(),
                        row[5] == null ? null : ((Number) row[5]).doubleValue(), read((String) row[6]))));
    }

    /** The tenant's trained model, if it has one. */
    public Uni<Optional<NaiveBayes>> model(String tenantId) {
        return find(tenantId).map(s -> s.map(Stored::model));
    }

    /**
     * Claims the tenant's training: true for one caller when the last training (or claim) was before
     * {@code dueIfBefore}. The row stays locked until the caller's transaction ends, so another replica's claim
     * waits and then finds it done.
     */
    public Uni<Boolean> claim(String tenantId, Instant now, Instant dueIfBefore) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into lead_score_model (tenant_id, status,"
                + " training_started_at, updated_at) values (:t, 'INSUFFICIENT_HISTORY', :now, :now)"
                + " on conflict (tenant_id) do update set training_started_at = :now, updated_at = :now"
                + " where lead_score_model.updated_at <= :due")
                .setParameter("t", tenantId).setParameter("now", now).setParameter("due", dueIfBefore)
                .executeUpdate()).map(n -> n == 1);
    }

    /** The tenant's leads that entered before {@code enteredBefore}, newest first: their features and outcome. */
    public Uni<List<NaiveBayes.Example>> examples(String tenantId, Instant enteredBefore, int max, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FEATURES + " from lead l where l.tenant_id = :t"
                + " and l.created_at < :before and l.state not in ('MERGED', 'DISCARDED', 'INVALID')"
                + " order by l.created_at desc, l.id desc limit :max", Object[].class)
                .setParameter("t", tenantId).setParameter("before", enteredBefore).setParameter("max", max)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new NaiveBayes.Example(UUID.fromString((String) r[0]),
                        features(r, now), (Boolean) r[8])).toList());
    }

    /** A page of the tenant's open leads (in the pool, owned, locked) after a lead id. */
    public Uni<List<Scorable>> open(String tenantId, UUID after, int limit, Instant now) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(FEATURES + " from lead l where l.tenant_id = :t"
                    + " and l.state in ('IN_POOL', 'OWNED', 'LOCKED')" + (after == null ? "" : " and l.id > :after")
                    + " order by l.id limit :limit", Object[].class)
                    .setParameter("t", tenantId).setParameter("limit", limit);
            if (after != null) {
                q.setParameter("after", after);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new Scorable(UUID.fromString((String) r[0]), features(r, now))).toList());
    }

    private static final SqlRows.RecordSet SCORES = SqlRows.recordset("scores", "v", "id uuid", "score float8",
            "band text");

    private static final String SET_SCORES = "update lead l set score = v.score, score_band = v.band from "
            + SCORES.sql() + " where l.tenant_id = :t and l.id = v.id";

    public Uni<Void> setScores(String tenantId, List<Score> scores) {
        return SqlRows.inChunks(scores, chunk -> {
            SqlRows.Records rows = SCORES.rows();
            chunk.forEach(sc -> rows.add(sc.leadId(), sc.score(), sc.band()));
            return Panache.getSession().chain(s -> s.createNativeQuery(SET_SCORES).setParameter("t", tenantId)
                    .setParameter(SCORES.parameter(), rows.json()).executeUpdate());
        });
    }

    /** No model: no lead of the tenant has a score. */
    public Uni<Void> clearScores(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update lead set score = null, score_band = null"
                + " where tenant_id = :t and score is not null").setParameter("t", tenantId).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> save(String tenantId, String status, int examples, int conversions, Double auc, NaiveBayes model,
            Instant now) {
        boolean trained = model != null;
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("update lead_score_model set status = :status, version = version + 1,"
                    + " trained_at = :now, examples = :examples, conversions = :conversions, auc = "
                    + (auc == null ? "null" : ":auc") + ", model = "
                    + (trained ? "cast(cast(:model as text) as jsonb)" : "null") + ", updated_at = :now"
                    + " where tenant_id = :t")
                    .setParameter("status", status).setParameter("now", now).setParameter("examples", examples)
                    .setParameter("conversions", conversions).setParameter("t", tenantId);
            if (auc != null) {
                q.setParameter("auc", auc);
            }
            if (trained) {
                q.setParameter("model", write(model));
            }
            return q.executeUpdate();
        }).replaceWithVoid();
    }

    private static LeadFeatures features(Object[] r, Instant now) {
        return LeadFeatures.of((String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                SqlValues.instant(r[6]), SqlValues.instant(r[7]), now);
    }

    private NaiveBayes read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, NaiveBayes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable scoring model", e);
        }
    }

    private String write(NaiveBayes model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
