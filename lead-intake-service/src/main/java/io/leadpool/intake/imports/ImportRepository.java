package io.leadpool.intake.imports;

import io.leadpool.platform.tx.SystemTransactions;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Import jobs, their stored bytes and their rejected rows. Every statement names the tenant, except
 * {@link #lease}, which hands any tenant's pending import to a worker. The counters move only by
 * conditional updates, so a stale worker (its lease taken over) or a cancelled import changes nothing.
 */
@ApplicationScoped
public class ImportRepository implements PanacheRepositoryBase<ImportJob, UUID> {

    /** An import a worker holds: which, of whom, and how many rows were already handed on. */
    public record Lease(UUID id, String tenantId, long processed) {
    }

    /** A refused row's problem, as stored. */
    public record StoredRejection(long row, String column, String reason, String value) {
    }

    private static final String COMPLETE_WHEN_DONE = "status = case when status = 'RUNNING' and %s then 'COMPLETED'"
            + " else status end, finished_at = case when status = 'RUNNING' and %s then now() else finished_at end";

    private final Pool pool;
    private final SystemTransactions system;

    public ImportRepository(Pool pool, SystemTransactions system) {
        this.system = system;
        this.pool = pool;
    }

    public Uni<ImportJob> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<ImportJob> findByIdempotencyKey(String tenantId, String key) {
        return find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).firstResult();
    }

    public Uni<List<ImportJob>> recent(String tenantId, int limit) {
        return find("tenantId = ?1 order by startedAt desc", tenantId).page(0, limit).list();
    }

    /** Stores the upload's bytes, one row per chunk, in their own transaction (before the job row). */
    public Uni<Void> storeChunks(String tenantId, UUID importId, int firstSeq, List<byte[]> chunks) {
        List<Tuple> rows = new java.util.ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            rows.add(Tuple.of(tenantId, importId, firstSeq + i, Buffer.buffer(chunks.get(i))));
        }
        return inTenant(tenantId, conn -> conn.preparedQuery("insert into import_file (tenant_id, import_id, seq, data)"
                + " values ($1, $2, $3, $4)").executeBatch(rows)).replaceWithVoid();
    }

    /** One stored chunk, or null past the last. */
    public Uni<byte[]> chunk(String tenantId, UUID importId, int seq) {
        return inTenant(tenantId, conn -> conn.preparedQuery("select data from import_file where tenant_id = $1"
                + " and import_id = $2 and seq = $3").execute(Tuple.of(tenantId, importId, seq)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("data").getBytes());
    }

    /**
     * The raw client's transaction bound to a tenant, as {@code TenantTransactions} binds Hibernate's: bytea
     * chunks go through the SQL client, which takes binary buffers as they are.
     */
    private <T> Uni<T> inTenant(String tenantId, java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn.preparedQuery("select set_config('app.tenant_id', $1, true)")
                .execute(Tuple.of(tenantId)).chain(() -> work.apply(conn)));
    }

    /** Removes the stored bytes (in the caller's transaction): the import no longer needs them. */
    public Uni<Void> dropChunks(String tenantId, UUID importId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from import_file where tenant_id = :tenant"
                + " and import_id = :id").setParameter("tenant", tenantId).setParameter("id", importId)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Gives a worker the oldest running import that nobody holds (or whose holder stopped renewing), in
     * any tenant; null when there is none. Two workers never get the same import: SKIP LOCKED.
     */
    public Uni<Lease> lease(String worker, Duration lease) {
        // Any tenant's import: the system role, which may read and update import_job only.
        return system.asSystem(pool, conn -> conn.preparedQuery("update import_job set lease_owner = $1,"
                + " lease_until = now() + make_interval(secs => $2) where id = (select id from import_job"
                + " where status = 'RUNNING' and processed < total and (lease_until is null or lease_until < now())"
                + " order by started_at limit 1 for update skip locked) returning id, tenant_id, processed")
                .execute(Tuple.of(worker, (double) lease.toSeconds())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Lease(r.getUUID("id"), r.getString("tenant_id"), r.getLong("processed"));
                });
    }

    /**
     * Moves an import forward by the rows just handed on, if this worker still holds it and nobody moved
     * it meanwhile; false when the import was cancelled or taken over (the caller stops).
     */
    public Uni<Boolean> checkpoint(String tenantId, UUID id, String worker, long expected, int rows, int rejected,
            Duration lease) {
        String done = "processed + :rows = total and accepted + duplicates + rejected + :rejected = total";
        return Panache.getSession().chain(s -> s.createNativeQuery("update import_job set processed = processed + :rows,"
                + " rejected = rejected + :rejected, lease_until = now() + make_interval(secs => :lease), "
                + COMPLETE_WHEN_DONE.formatted(done, done)
                + " where tenant_id = :tenant and id = :id and status = 'RUNNING' and lease_owner = :worker"
                + " and processed = :expected")
                .setParameter("rows", rows).setParameter("rejected", rejected)
                .setParameter("lease", (double) lease.toSeconds()).setParameter("tenant", tenantId)
                .setParameter("id", id).setParameter("worker", worker).setParameter("expected", expected)
                .executeUpdate()).map(n -> n == 1);
    }

    /** Counts dedup's decisions on an import's rows (applied once each, through the inbox). */
    public Uni<Void> countOutcomes(String tenantId, UUID id, int accepted, int duplicates, int rejected) {
        String done = "processed = total and accepted + duplicates + rejected + :a + :d + :r = total";
        return Panache.getSession().chain(s -> s.createNativeQuery("update import_job set accepted = accepted + :a,"
                + " duplicates = duplicates + :d, rejected = rejected + :r, " + COMPLETE_WHEN_DONE.formatted(done, done)
                + " where tenant_id = :tenant and id = :id")
                .setParameter("a", accepted).setParameter("d", duplicates).setParameter("r", rejected)
                .setParameter("tenant", tenantId).setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Boolean> cancel(String tenantId, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update import_job set status = 'CANCELLED',"
                + " finished_at = now(), lease_owner = null where tenant_id = :tenant and id = :id"
                + " and status = 'RUNNING'")
                .setParameter("tenant", tenantId).setParameter("id", id).executeUpdate()).map(n -> n == 1);
    }

    public Uni<Void> fail(String tenantId, UUID id, String reason) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update import_job set status = 'FAILED',"
                + " failure = :reason, finished_at = now() where tenant_id = :tenant and id = :id"
                + " and status = 'RUNNING'")
                .setParameter("reason", reason).setParameter("tenant", tenantId).setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    private static final SqlRows.RecordSet REJECTIONS = SqlRows.recordset("rejections", "x", "r bigint", "c text",
            "why text", "v text");

    private static final String ADD_REJECTIONS = "insert into import_rejection (tenant_id, import_id, row_no,"
            + " column_name, reason, value) select :tenant, :id, r, c, why, v from " + REJECTIONS.sql()
            + " on conflict do nothing";

    public Uni<Void> addRejections(String tenantId, UUID id, List<StoredRejection> rejections) {
        return SqlRows.inChunks(rejections, part -> {
            SqlRows.Records rows = REJECTIONS.rows();
            part.forEach(r -> rows.add(r.row(), r.column(), r.reason(), r.value()));
            return Panache.getSession().chain(s -> s.createNativeQuery(ADD_REJECTIONS).setParameter("tenant", tenantId)
                    .setParameter("id", id).setParameter(REJECTIONS.parameter(), rows.json()).executeUpdate());
        });
    }

    /** Rejections after a row, in row order, one page at a time. */
    public Uni<List<StoredRejection>> rejections(String tenantId, UUID id, long afterRow, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select row_no, column_name, reason, value"
                + " from import_rejection where tenant_id = :tenant and import_id = :id and row_no > :after"
                + " order by row_no, column_name limit :limit", Object[].class)
                .setParameter("tenant", tenantId).setParameter("id", id).setParameter("after", afterRow)
                .setParameter("limit", limit).getResultList())
                .map(rows -> rows.stream().map(r -> new StoredRejection(((Number) r[0]).longValue(), (String) r[1],
                        (String) r[2], (String) r[3])).toList());
    }
}
