package io.leadpool.pool.distribution.repository;

import io.leadpool.platform.tx.SqlRows;
import io.leadpool.pool.distribution.RepWeights;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A pool's rotation, its reps' passes, the tally of hand-outs, and the record WEIGHTED reads. In the caller's
 * transaction.
 */
@ApplicationScoped
public class DistributionRepository {

    /** The rotation after its turn advanced: the turn number and the pool's virtual time. */
    public record Turn(long turn, double virtualTime) {
    }

    /** Leads one rep received automatically from a pool on one day in one mode, and their fair share. */
    public record Tally(String repId, String mode, long received, double fair) {
    }

    /**
     * Advances the pool's rotation by one turn in one conditional upsert. The row stays locked until the
     * transaction ends, so every hand-out of the pool, from any thread or replica, waits here for the one before
     * it to commit and then reads what it left.
     */
    public Uni<Turn> advance(String tenantId, UUID poolId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into pool_rotation (tenant_id, pool_id,"
                + " turn) values (:t, :pool, 1) on conflict (tenant_id, pool_id) do update"
                + " set turn = pool_rotation.turn + 1 returning turn, virtual_time", Object[].class)
                .setParameter("t", tenantId).setParameter("pool", poolId).getSingleResult())
                .map(r -> new Turn(((Number) r[0]).longValue(), ((Number) r[1]).doubleValue()));
    }

    /** The stored passes of these reps in the pool's rotation (reps never served are absent). */
    public Uni<Map<String, Double>> passes(String tenantId, UUID poolId, List<String> repIds) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select rep_id, pass from rotation_share"
                + " where tenant_id = :t and pool_id = :pool and rep_id in (:reps)", Object[].class)
                .setParameter("t", tenantId).setParameter("pool", poolId).setParameter("reps", repIds)
                .getResultList())
                .map(rows -> {
                    Map<String, Double> passes = new HashMap<>();
                    rows.forEach(r -> passes.put((String) r[0], ((Number) r[1]).doubleValue()));
                    return passes;
                });
    }

    /** Stores what a run of the rotation changed: the served reps' passes and counts, and the virtual time. */
    public Uni<Void> save(String tenantId, UUID poolId, double virtualTime, Map<String, Double> passes,
            Map<String, Long> served) {
        List<String> reps = new ArrayList<>(passes.keySet());
        Uni<Void> shares = SqlRows.inChunks(reps, chunk -> {
            SqlRows.Records rows = SHARES.rows();
            chunk.forEach(rep -> rows.add(rep, passes.get(rep), served.getOrDefault(rep, 0L)));
            return Panache.getSession().chain(s -> s.createNativeQuery(SAVE_SHARES).setParameter("t", tenantId)
                    .setParameter("pool", poolId).setParameter(SHARES.parameter(), rows.json()).executeUpdate());
        });
        return shares.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("update pool_rotation"
                + " set virtual_time = :v where tenant_id = :t and pool_id = :pool")
                .setParameter("v", virtualTime).setParameter("t", tenantId).setParameter("pool", poolId)
                .executeUpdate())).replaceWithVoid();
    }

    private static final SqlRows.RecordSet SHARES = SqlRows.recordset("shares", "v", "rep text", "pass float8",
            "n bigint");

    private static final String SAVE_SHARES = "insert into rotation_share (tenant_id, pool_id, rep_id, pass, received)"
            + " select :t, :pool, v.rep, v.pass, v.n from " + SHARES.sql()
            + " on conflict (tenant_id, pool_id, rep_id) do update set pass = excluded.pass,"
            + " received = rotation_share.received + excluded.received";

    private static final SqlRows.RecordSet TALLIES = SqlRows.recordset("tallies", "v", "rep text", "mode text",
            "n bigint", "fair float8");

    private static final String TALLY = "insert into distribution_tally (tenant_id, day, pool_id, rep_id, mode,"
            + " received, fair) select :t, :day, :pool, v.rep, v.mode, v.n, v.fair from " + TALLIES.sql()
            + " on conflict (tenant_id, day, pool_id, rep_id, mode) do update"
            + " set received = distribution_tally.received + excluded.received,"
            + " fair = distribution_tally.fair + excluded.fair";

    /** Adds a run's hand-outs and fair shares to the day's tally. */
    public Uni<Void> tally(String tenantId, LocalDate day, UUID poolId, List<Tally> tallies) {
        return SqlRows.inChunks(tallies, chunk -> {
            SqlRows.Records rows = TALLIES.rows();
            chunk.forEach(t -> rows.add(t.repId(), t.mode(), t.received(), t.fair()));
            return Panache.getSession().chain(s -> s.createNativeQuery(TALLY).setParameter("t", tenantId)
                    .setParameter("day", day).setParameter("pool", poolId)
                    .setParameter(TALLIES.parameter(), rows.json())
                    .executeUpdate());
        });
    }

    /**
     * What each rep received (claimed, was assigned or transferred) and converted since an instant, by the
     * score band the lead had then; reps with no such history are absent.
     */
    public Uni<Map<String, RepWeights.Record>> performance(String tenantId, List<String> repIds, Instant since) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select h.to_owner, h.score_band,"
                + " count(*) filter (where h.action in ('CLAIMED', 'ASSIGNED', 'TRANSFERRED')),"
                + " count(*) filter (where h.action = 'CONVERTED')"
                + " from lead_history h where h.tenant_id = :t and h.to_owner in (:reps) and h.at >= :since"
                + " and h.action in ('CLAIMED', 'ASSIGNED', 'TRANSFERRED', 'CONVERTED')"
                + " group by h.to_owner, h.score_band", Object[].class)
                .setParameter("t", tenantId).setParameter("reps", repIds).setParameter("since", since)
                .getResultList())
                .map(rows -> {
                    Map<String, long[]> totals = new HashMap<>();
                    Map<String, Map<String, long[]>> bands = new HashMap<>();
                    for (Object[] r : rows) {
                        String rep = (String) r[0];
                        long n = ((Number) r[2]).longValue();
                        long c = ((Number) r[3]).longValue();
                        long[] t = totals.computeIfAbsent(rep, k -> new long[2]);
                        t[0] += n;
                        t[1] += c;
                        if (r[1] != null) {
                            bands.computeIfAbsent(rep, k -> new HashMap<>()).put((String) r[1], new long[] { n, c });
                        }
                    }
                    Map<String, RepWeights.Record> records = new HashMap<>();
                    totals.forEach((rep, t) -> records.put(rep,
                            new RepWeights.Record(t[0], t[1], bands.getOrDefault(rep, Map.of()))));
                    return records;
                });
    }

    /**
     * Claims a pool's scheduled backlog run: true for exactly one caller per interval, across replicas (a
     * conditional write of {@code backlog_run_at}).
     */
    public Uni<Boolean> claimBacklogRun(String tenantId, UUID poolId, Instant now, Instant dueIfBefore) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into pool_rotation (tenant_id, pool_id,"
                + " backlog_run_at) values (:t, :pool, :now) on conflict (tenant_id, pool_id) do update"
                + " set backlog_run_at = :now where pool_rotation.backlog_run_at is null"
                + " or pool_rotation.backlog_run_at <= :due")
                .setParameter("t", tenantId).setParameter("pool", poolId).setParameter("now", now)
                .setParameter("due", dueIfBefore).executeUpdate())
                .map(n -> n == 1);
    }
}
