package io.leadpool.scheduler.deadline.repository;

import io.leadpool.platform.tx.SqlRows;
import io.leadpool.platform.tx.SqlValues;
import io.leadpool.scheduler.deadline.Deadline;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

@ApplicationScoped
public class DeadlineRepository {

    private static final String COLUMNS = "tenant_id, cast(lead_id as text), kind, version, owner_id,"
            + " cast(pool_id as text), due_at, target_at";

    /** Records a deadline unless a newer version of the lead is already known. */
    public Uni<Integer> track(Deadline d) {
        return trackAll(List.of(d));
    }

    private static final SqlRows.RecordSet TRACKED = SqlRows.recordset("deadlines", "x", "t text", "l uuid", "k text",
            "v bigint", "o text", "p uuid", "d timestamptz", "g timestamptz");

    private static final String TRACK = "insert into deadline (tenant_id, lead_id, kind, version, owner_id, pool_id,"
            + " due_at, target_at, fired_at, fire_count, updated_at)"
            + " select t, l, k, v, o, p, d, g, null, 0, now() from " + TRACKED.sql()
            + " on conflict (tenant_id, lead_id, kind) do update set version = excluded.version,"
            + " owner_id = excluded.owner_id, pool_id = coalesce(excluded.pool_id, deadline.pool_id),"
            + " due_at = excluded.due_at, target_at = excluded.target_at, fired_at = null, fire_count = 0,"
            + " updated_at = now() where deadline.version < excluded.version";

    private static final SqlRows.RecordSet CLEARED = SqlRows.recordset("cleared", "x", "t text", "l uuid",
            "k text[]", "v bigint", "o text", "p uuid", "g timestamptz");

    /**
     * A deadline that is no more (the lead left its owner, was locked, or its rule has no such clock) only clears a
     * row that exists: a claim in a pool without a progress timeout or reminders sets one row, not four. A row that
     * was never written needs no clearing, and the version guard still holds for every row there is. The kinds of a
     * lead cleared alike travel as one row ({@code k}, an array): a recycle clears four kinds with one index probe
     * and one row for the server to read, not four.
     */
    private static final String CLEAR = "update deadline set version = x.v, owner_id = x.o,"
            + " pool_id = coalesce(x.p, deadline.pool_id), due_at = null, target_at = x.g, fired_at = null,"
            + " fire_count = 0, updated_at = now() from " + CLEARED.sql()
            + " where deadline.tenant_id = x.t and deadline.lead_id = x.l and deadline.kind = any(x.k)"
            + " and deadline.version < x.v";

    /** What the cleared rows of one lead share; kinds alike in all of it are cleared by one row. */
    private record Clearing(String tenantId, UUID leadId, long version, String ownerId, UUID poolId,
            Instant targetAt) {

        static Clearing of(Deadline d) {
            return new Clearing(d.tenantId(), d.leadId(), d.version(), d.ownerId(), d.poolId(), d.targetAt());
        }
    }

    /**
     * Records many deadlines, one statement per {@link SqlRows#CHUNK} and kind of write (set, or cleared), each
     * unless a newer version of its lead is already known. Of several rows for the same lead and kind only the
     * newest is kept first (one statement may not touch a row twice). Returns how many rows were written.
     */
    public Uni<Integer> trackAll(List<Deadline> rows) {
        Map<String, Deadline> newest = new LinkedHashMap<>();
        for (Deadline d : rows) {
            newest.merge(d.tenantId() + "/" + d.leadId() + "/" + d.kind(), d,
                    (x, y) -> y.version() >= x.version() ? y : x);
        }
        Map<Boolean, List<Deadline>> bySet = newest.values().stream()
                .collect(Collectors.partitioningBy(d -> d.dueAt() != null));
        Map<Clearing, List<String>> cleared = new LinkedHashMap<>();
        bySet.get(false).forEach(d -> cleared.computeIfAbsent(Clearing.of(d), c -> new ArrayList<>())
                .add(d.kind().name()));
        AtomicInteger written = new AtomicInteger();
        return SqlRows.inChunks(bySet.get(true), chunk -> {
            SqlRows.Records batch = TRACKED.rows();
            chunk.forEach(d -> batch.add(d.tenantId(), d.leadId(), d.kind().name(), d.version(), d.ownerId(),
                    d.poolId(), d.dueAt(), d.targetAt()));
            return execute(TRACK, TRACKED, batch, written);
        }).chain(() -> SqlRows.inChunks(List.copyOf(cleared.entrySet()), chunk -> {
            SqlRows.Records batch = CLEARED.rows();
            chunk.forEach(c -> batch.add(c.getKey().tenantId(), c.getKey().leadId(), c.getValue(),
                    c.getKey().version(), c.getKey().ownerId(), c.getKey().poolId(), c.getKey().targetAt()));
            return execute(CLEAR, CLEARED, batch, written);
        })).map(done -> written.get());
    }

    private static Uni<Void> execute(String statement, SqlRows.RecordSet set, SqlRows.Records rows,
            AtomicInteger written) {
        return Panache.getSession().chain(s -> s.createNativeQuery(statement)
                .setParameter(set.parameter(), rows.json()).executeUpdate())
                .invoke(written::addAndGet).replaceWithVoid();
    }

    /**
     * Claims a batch of due rows and marks them fired: first rows never fired, soonest first, then (recycles only)
     * rows fired {@code refireAfter} ago or longer without an answer. Each is one statement that picks the rows
     * through an index holding only its kind of row ({@code deadline_due}: never fired; {@code deadline_refire}:
     * fired), so a batch does not read again the rows the batches before it fired and the cost of a burst grows with
     * its rows. A reminder fires once: the outbox delivers it, and an answer would not change the lead.
     * {@code skip locked} lets several scheduler replicas sweep side by side; the marks roll back with the caller's
     * transaction if the commands cannot be written.
     */
    public Uni<List<Deadline>> claimDue(Instant now, Duration refireAfter, int maxFires, int limit) {
        return fire(FIRST_FIRES, Map.of("now", now, "limit", limit))
                .chain(first -> first.size() >= limit ? Uni.createFrom().item(first)
                        : fire(REFIRES, Map.of("now", now, "limit", limit - first.size(), "maxFires", maxFires,
                                "refireBefore", now.minus(refireAfter)))
                                .map(again -> Stream.concat(first.stream(), again.stream()).toList()));
    }

    private static final String FIRE = "update deadline d set fired_at = :now, fire_count = d.fire_count + 1"
            + " from (select tenant_id, lead_id, kind from deadline where %s limit :limit for update skip locked) due"
            + " where d.tenant_id = due.tenant_id and d.lead_id = due.lead_id and d.kind = due.kind"
            + " returning d.tenant_id, cast(d.lead_id as text), d.kind, d.version, d.owner_id,"
            + " cast(d.pool_id as text), d.due_at, d.target_at";

    private static final String FIRST_FIRES = FIRE.formatted("due_at <= :now and fired_at is null order by due_at");

    private static final String REFIRES = FIRE.formatted("fired_at <= :refireBefore and due_at <= :now"
            + " and fire_count < :maxFires and kind not like '%REMINDER' order by fired_at");

    private static Uni<List<Deadline>> fire(String statement, Map<String, Object> parameters) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(statement, Object[].class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> rows.stream().map(DeadlineRepository::toDeadline).toList());
    }

    /** When the earliest deadline not yet fired is due (of every tenant: the system role's), or null if none is. */
    public Uni<Instant> nextDue() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select min(due_at) from deadline"
                + " where due_at is not null and fired_at is null", Object.class).getSingleResult())
                .map(SqlValues::instant);
    }

    /** Recycle deadlines of a tenant due before {@code until}, optionally of one owner, soonest first. */
    public Uni<List<Deadline>> upcoming(String tenantId, String ownerId, Instant until, int limit) {
        String ownerFilter = ownerId == null ? "" : " and owner_id = :owner";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("select " + COLUMNS + " from deadline where tenant_id = :t"
                    + " and kind in ('FOLLOW_UP', 'PROGRESS') and due_at is not null and due_at <= :until" + ownerFilter
                    + " order by due_at limit :limit", Object[].class)
                    .setParameter("t", tenantId).setParameter("until", until).setParameter("limit", limit);
            if (ownerId != null) {
                q.setParameter("owner", ownerId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(DeadlineRepository::toDeadline).toList());
    }

    private static Deadline toDeadline(Object[] r) {
        return new Deadline((String) r[0], UUID.fromString((String) r[1]), Deadline.Kind.valueOf((String) r[2]),
                ((Number) r[3]).longValue(), (String) r[4], r[5] == null ? null : UUID.fromString((String) r[5]),
                SqlValues.instant(r[6]), SqlValues.instant(r[7]));
    }
}
