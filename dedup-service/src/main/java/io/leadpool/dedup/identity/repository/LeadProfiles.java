package io.leadpool.dedup.identity.repository;

import io.leadpool.dedup.identity.CompanySimilarity;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What dedup knows of each lead: company key and region for company matches (pg_trgm over a GIN index,
 * restricted to the tenant and blocked by region), state and owner for the duplicate check.
 */
@ApplicationScoped
public class LeadProfiles {

    /** A new lead's profile. */
    public record NewProfile(UUID leadId, String name, String company, String companyKey, String region) {
    }

    /** A company to look for: its key and region block (region may be null: every block). */
    public record CompanyQuery(String companyKey, String region) {
    }

    /** A stored lead found for a query, with a score (pg_trgm's similarity until the caller scores it). */
    public record CompanyHit(UUID leadId, double score, String companyKey, String company, String region, String state) {
        public CompanyHit scored(double s) {
            return new CompanyHit(leadId, s, companyKey, company, region, state);
        }
    }

    /** A lead as the duplicate check shows it. */
    public record Profile(UUID leadId, String name, String company, String region, String state, String ownerId,
            String ownerName) {
    }

    /**
     * Live leads of the tenant in the query's region block whose core shares enough trigrams (GIN index);
     * the same full key first, so that sister companies of one brand cannot crowd it out. A function of
     * the schema's owner (migration V5), called once for a chunk of queries: row-level security would keep the GIN
     * index from serving. Its {@code queries} are these records.
     */
    private static final SqlRows.RecordSet QUERIES = SqlRows.recordset("queries", "q", "i int", "k text", "f text",
            "r text");

    private static final String SEARCH = "select m.i, cast(m.lead_id as text), m.score, m.company_key, m.company,"
            + " m.region, m.state from company_candidates_all(%s, %s, %s) m";
    private static final String SEARCH_IN_SESSION = SEARCH.formatted(":t", SqlRows.jsonText(":" + QUERIES.parameter()),
            ":n");
    private static final String SEARCH_ON_CONNECTION = SEARCH.formatted("$1", SqlRows.jsonText("$2"), "$3");

    /**
     * pg_trgm's threshold for the transaction, and no sequential scans in it: a similarity filter is never cheaper as a
     * scan beyond a few thousand rows, yet a tenant's first big import starts on a table whose statistics still say it
     * is small, and a scan per lead would make the import quadratic.
     */
    private static final String SETTINGS = "set_config('pg_trgm.similarity_threshold', %s, true), "
            + SqlRows.NO_SEQUENTIAL_SCANS;
    private static final String SETTINGS_IN_SESSION = "select " + SETTINGS.formatted(":th");
    /** A search connection's transaction: the same settings, and the tenant the function answers for. */
    private static final String BIND_ON_CONNECTION = "select set_config('app.tenant_id', $1, true), "
            + SETTINGS.formatted("$2");

    private final Pool pool;
    private final int searchConnections;

    /**
     * @param searchConnections how many connections of their own a batch's company searches are spread over when they
     *                          take more than one statement (an import's batch), each searching its share of the
     *                          queries in its own read-only transaction. The searches are most of dedup's database
     *                          time in an import and the consumer's other statements wait for them; on two
     *                          connections they use both cores of the machine.
     */
    public LeadProfiles(Pool pool,
            @ConfigProperty(name = "leadpool.dedup.search-connections", defaultValue = "2") int searchConnections) {
        this.pool = pool;
        this.searchConnections = Math.max(1, searchConnections);
    }

    /**
     * For each query, up to {@code perQuery} live stored leads whose company key shares enough trigrams
     * with it ({@code similarity} is pg_trgm's threshold for the GIN index), most similar first; keyed by
     * the query's position; one statement per chunk of queries. Queries that fit one statement (a lead from the API,
     * the duplicate check) are searched in the caller's transaction. More (an import's batch) are shared out between
     * up to {@code search-connections} connections of their own, outside the caller's transaction: they read committed
     * profiles only, as the caller's statements would, since the caller searches before it writes. Only dedup's
     * consumer of received leads, one at a time, asks for that many, so it holds at most that many connections more
     * and nothing that holds a connection of the pool waits for another.
     */
    public Uni<Map<Integer, List<CompanyHit>>> candidates(String tenantId, List<CompanyQuery> queries, double similarity,
            int perQuery) {
        Map<Integer, List<CompanyHit>> hits = new HashMap<>();
        if (queries.isEmpty()) {
            return Uni.createFrom().item(hits);
        }
        int connections = connectionsFor(queries.size());
        if (connections == 1) {
            return searchInSession(tenantId, queries, similarity, perQuery, hits).replaceWith(hits);
        }
        int share = (queries.size() + connections - 1) / connections;
        List<Uni<List<Row>>> searches = new ArrayList<>();
        for (int from = 0; from < queries.size(); from += share) {
            int first = from;
            int last = Math.min(queries.size(), from + share);
            searches.add(pool.withTransaction(conn -> conn.preparedQuery(BIND_ON_CONNECTION)
                    .execute(Tuple.of(tenantId, String.valueOf(similarity)))
                    .chain(() -> search(conn, tenantId, queries, first, last, perQuery))));
        }
        return Uni.join().all(searches).andFailFast().map(found -> {
            found.forEach(rows -> rows.forEach(r -> add(hits, r.getInteger(0), UUID.fromString(r.getString(1)),
                    r.getDouble(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6))));
            return hits;
        });
    }

    /**
     * Whether {@link #candidates} searches for this many queries on connections of its own, leaving the caller's session
     * free for other statements meanwhile (a reactive session runs one statement at a time).
     */
    public boolean searchesApart(int queries) {
        return connectionsFor(queries) > 1;
    }

    private int connectionsFor(int queries) {
        return Math.min(searchConnections, (queries + SqlRows.CHUNK - 1) / SqlRows.CHUNK);
    }

    /** The candidates of all queries in the caller's transaction, a chunk a statement. */
    private static Uni<Void> searchInSession(String tenantId, List<CompanyQuery> queries, double similarity,
            int perQuery, Map<Integer, List<CompanyHit>> hits) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SETTINGS_IN_SESSION)
                .setParameter("th", String.valueOf(similarity)).getSingleResult())
                .chain(() -> eachChunk(0, queries.size(), from -> Panache.getSession()
                        .chain(s -> s.createNativeQuery(SEARCH_IN_SESSION, Object[].class).setParameter("t", tenantId)
                                .setParameter(QUERIES.parameter(), json(queries, from, queries.size()))
                                .setParameter("n", perQuery).getResultList())
                        .invoke(rows -> rows.forEach(r -> add(hits, ((Number) r[0]).intValue(),
                                UUID.fromString((String) r[1]), ((Number) r[2]).doubleValue(), (String) r[3],
                                (String) r[4], (String) r[5], (String) r[6])))));
    }

    /** The candidates of queries {@code first} (inclusive) to {@code last}, a chunk a statement, on one connection. */
    private static Uni<List<Row>> search(SqlConnection conn, String tenantId, List<CompanyQuery> queries, int first,
            int last, int perQuery) {
        List<Row> found = new ArrayList<>();
        return eachChunk(first, last, from -> conn.preparedQuery(SEARCH_ON_CONNECTION)
                .execute(Tuple.of(tenantId, Buffer.buffer(json(queries, from, last)), perQuery))
                .invoke(result -> result.forEach(found::add))).replaceWith(found);
    }

    /** One statement after another, each given the first query of its chunk, from {@code first} up to {@code last}. */
    private static Uni<Void> eachChunk(int first, int last, java.util.function.IntFunction<Uni<?>> statement) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = first; from < last; from += SqlRows.CHUNK) {
            int start = from;
            chain = chain.chain(() -> statement.apply(start).replaceWithVoid());
        }
        return chain;
    }

    /** The {@link #QUERIES} of one statement: the chunk of queries starting at {@code from}, at most up to {@code last}. */
    private static byte[] json(List<CompanyQuery> queries, int from, int last) {
        SqlRows.Records rows = QUERIES.rows();
        for (int i = from; i < Math.min(last, from + SqlRows.CHUNK); i++) {
            CompanyQuery q = queries.get(i);
            rows.add(i, CompanySimilarity.core(q.companyKey()), q.companyKey(), q.region());
        }
        return rows.json();
    }

    private static void add(Map<Integer, List<CompanyHit>> hits, int query, UUID leadId, double score, String companyKey,
            String company, String region, String state) {
        hits.computeIfAbsent(query, k -> new ArrayList<>()).add(new CompanyHit(leadId, score, companyKey, company, region,
                state));
    }

    /** Up to {@code perQuery} candidates for one company (see {@link #candidates}). */
    public Uni<List<CompanyHit>> candidates(String tenantId, CompanyQuery query, double similarity, int perQuery) {
        return candidates(tenantId, List.of(query), similarity, perQuery).map(m -> m.getOrDefault(0, List.of()));
    }

    /**
     * A new lead's profile is what the pool's {@code LeadPooled} will say of it: in the pool at version 0, the version
     * the pool creates every lead with. So that event has nothing left to change and is passed over.
     */
    private static final SqlRows.RecordSet NEW_PROFILES = SqlRows.recordset("profiles", "x", "l uuid", "n text",
            "c text", "k text", "ck text", "r text");

    private static final String INSERT = "insert into lead_profile (tenant_id, lead_id, name, company, company_key,"
            + " core_key, region, state, version) select :t, l, n, c, k, ck, r, 'IN_POOL', 0 from "
            + NEW_PROFILES.sql() + " on conflict do nothing";

    public Uni<Void> insert(String tenantId, List<NewProfile> profiles) {
        return SqlRows.inChunks(profiles, chunk -> {
            SqlRows.Records rows = NEW_PROFILES.rows();
            chunk.forEach(p -> rows.add(p.leadId(), p.name(), p.company(), p.companyKey(),
                    CompanySimilarity.core(p.companyKey()), p.region()));
            return Panache.getSession().chain(s -> s.createNativeQuery(INSERT).setParameter("t", tenantId)
                    .setParameter(NEW_PROFILES.parameter(), rows.json()).executeUpdate());
        });
    }

    public Uni<Map<UUID, Profile>> find(String tenantId, List<UUID> leadIds) {
        Map<UUID, Profile> found = new HashMap<>();
        return SqlRows.inChunks(leadIds, chunk -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select cast(p.lead_id as text), p.name, p.company, p.region, p.state, p.owner_id, p.owner_name"
                        + " from lead_profile p where p.tenant_id = :t and p.lead_id = " + SqlRows.anyUuid("ids"),
                Object[].class)
                .setParameter("t", tenantId).setParameter("ids", SqlRows.uuidArray(chunk)).getResultList())
                .invoke(rows -> rows.forEach(r -> found.put(UUID.fromString((String) r[0]), new Profile(
                        UUID.fromString((String) r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5], (String) r[6]))))).replaceWith(found);
    }

    /** A lead's state and owner as a pool event reports them, at the lead's version (the name when it says it). */
    public record StateChange(UUID leadId, String state, String ownerId, String ownerName, long version) {
    }

    private static final SqlRows.RecordSet CHANGES = SqlRows.recordset("changes", "c", "l uuid", "s text", "o text",
            "n text", "v bigint");

    private static final String APPLY_STATES = "update lead_profile p set state = c.s, owner_id = c.o, owner_name = case"
            + " when c.o is null then null when c.o = p.owner_id then coalesce(c.n, p.owner_name) else c.n end,"
            + " version = c.v from " + CHANGES.sql()
            + " where p.tenant_id = :t and p.lead_id = c.l and p.lead_id = " + SqlRows.anyUuid("ids") + " and p.version < c.v"
            + " and p.state not in ('MERGED', 'DISCARDED')";

    /**
     * Pool events' states and owners, unless a newer version is already known (so late events change
     * nothing); one statement per chunk, the newest change of each lead only. The ids are repeated as an array so
     * that the rows are found through the key whatever the statistics say: during a tenant's first import they call
     * the table small, and the join alone was planned as a read of every profile of the tenant (seconds a batch).
     */
    public Uni<Void> applyStates(String tenantId, List<StateChange> changes) {
        Map<UUID, StateChange> newest = new java.util.LinkedHashMap<>();
        changes.forEach(c -> newest.merge(c.leadId(), c, (a, b) -> a.version() >= b.version() ? a : b));
        return SqlRows.inChunks(new ArrayList<>(newest.values()), chunk -> {
            SqlRows.Records rows = CHANGES.rows();
            chunk.forEach(c -> rows.add(c.leadId(), c.state(), c.ownerId(), c.ownerName(), c.version()));
            return Panache.getSession().chain(s -> s.createNativeQuery(APPLY_STATES).setParameter("t", tenantId)
                    .setParameter(CHANGES.parameter(), rows.json())
                    .setParameter("ids", SqlRows.uuidArray(chunk.stream().map(StateChange::leadId).toList()))
                    .executeUpdate());
        });
    }

    /** An arbiter's decision ends a lead's life for matching. */
    public Uni<Void> retire(String tenantId, UUID leadId, String state) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update lead_profile set state = :s"
                + " where tenant_id = :t and lead_id = :l").setParameter("s", state).setParameter("t", tenantId)
                .setParameter("l", leadId).executeUpdate()).replaceWithVoid();
    }
}
