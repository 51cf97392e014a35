package io.leadpool.dedup.identity.repository;

import io.leadpool.dedup.identity.CompanySimilarity;
import io.leadpool.platform.tx.SqlRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
     * the schema's owner (migration V3): row-level security would keep the GIN index from serving.
     */
    private static final String CANDIDATES = "select * from company_candidates(:t, q.k, q.f, q.r, :n)";

    public Uni<Void> insert(String tenantId, List<NewProfile> profiles) {
        return SqlRows.inChunks(profiles, chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("insert into lead_profile (tenant_id, lead_id, name, company, company_key, core_key,"
                    + " region) select :t, l, n, c, k, ck, r from (values " + SqlRows.values(chunk.size(), "l:uuid", "n", "c",
                    "k", "ck", "r") + ") x(l, n, c, k, ck, r) on conflict do nothing").setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                NewProfile p = chunk.get(i);
                q.setParameter("l" + i, p.leadId()).setParameter("n" + i, p.name()).setParameter("c" + i, p.company())
                        .setParameter("k" + i, p.companyKey()).setParameter("ck" + i, CompanySimilarity.core(p.companyKey()))
                        .setParameter("r" + i, p.region());
            }
            return q.executeUpdate();
        }));
    }

    /**
     * For each query, up to {@code perQuery} live stored leads whose company key shares enough trigrams
     * with it ({@code similarity} is pg_trgm's threshold for the GIN index), most similar first; keyed by
     * the query's position. One statement per chunk of queries: a lateral look-up each.
     */
    public Uni<Map<Integer, List<CompanyHit>>> candidates(String tenantId, List<CompanyQuery> queries, double similarity,
            int perQuery) {
        Map<Integer, List<CompanyHit>> hits = new HashMap<>();
        if (queries.isEmpty()) {
            return Uni.createFrom().item(hits);
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            positions.add(i);
        }
        return trigramThreshold(similarity)
                .chain(() -> SqlRows.inChunks(positions, chunk -> Panache.getSession().chain(s -> {
                    var q = s.createNativeQuery("select q.i, cast(m.lead_id as text), m.score, m.company_key, m.company,"
                            + " m.region, m.state from (values " + SqlRows.values(chunk.size(), "i:int", "k:text", "f:text", "r:text")
                            + ") q(i, k, f, r) cross join lateral (" + CANDIDATES + ") m", Object[].class)
                            .setParameter("t", tenantId).setParameter("n", perQuery);
                    for (int n = 0; n < chunk.size(); n++) {
                        int i = chunk.get(n);
                        q.setParameter("i" + n, i).setParameter("k" + n, CompanySimilarity.core(queries.get(i).companyKey()))
                                .setParameter("f" + n, queries.get(i).companyKey())
                                .setParameter("r" + n, queries.get(i).region());
                    }
                    return q.getResultList();
                }).invoke(rows -> rows.forEach(r -> hits.computeIfAbsent(((Number) r[0]).intValue(), k -> new ArrayList<>())
                        .add(hit(r, 1))))))
                .replaceWith(hits);
    }

    /** Up to {@code perQuery} candidates for one company (see {@link #candidates}). */
    public Uni<List<CompanyHit>> candidates(String tenantId, CompanyQuery query, double similarity, int perQuery) {
        return candidates(tenantId, List.of(query), similarity, perQuery).map(m -> m.getOrDefault(0, List.of()));
    }

    private static CompanyHit hit(Object[] r, int from) {
        return new CompanyHit(UUID.fromString((String) r[from]), ((Number) r[from + 1]).doubleValue(), (String) r[from + 2],
                (String) r[from + 3], (String) r[from + 4], (String) r[from + 5]);
    }

    /**
     * pg_trgm's threshold for the transaction, and no sequential scans in it: a similarity filter is never
     * cheaper as a scan beyond a few thousand rows, yet a tenant's first big import starts on a table whose
     * statistics still say it is small, and a scan per lead would make the import quadratic.
     */
    private Uni<Object> trigramThreshold(double similarity) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select set_config('pg_trgm.similarity_threshold', :th, true), set_config('enable_seqscan', 'off', true)")
                .setParameter("th", String.valueOf(similarity)).getSingleResult());
    }

    public Uni<Map<UUID, Profile>> find(String tenantId, List<UUID> leadIds) {
        Map<UUID, Profile> found = new HashMap<>();
        return SqlRows.inChunks(leadIds, chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("select cast(p.lead_id as text), p.name, p.company, p.region, p.state, p.owner_id,"
                    + " p.owner_name from lead_profile p join (values " + SqlRows.values(chunk.size(), "l:uuid") + ") x(l)"
                    + " on p.lead_id = x.l where p.tenant_id = :t", Object[].class).setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter("l" + i, chunk.get(i));
            }
            return q.getResultList();
        }).invoke(rows -> rows.forEach(r -> found.put(UUID.fromString((String) r[0]), new Profile(
                UUID.fromString((String) r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5], (String) r[6]))))).replaceWith(found);
    }

    /** A lead's state and owner as a pool event reports them, at the lead's version (the name when it says it). */
    public record StateChange(UUID leadId, String state, String ownerId, String ownerName, long version) {
    }

    /**
     * Pool events' states and owners, unless a newer version is already known (so late events change
     * nothing); one statement per chunk, the newest change of each lead only.
     */
    public Uni<Void> applyStates(String tenantId, List<StateChange> changes) {
        Map<UUID, StateChange> newest = new java.util.LinkedHashMap<>();
        changes.forEach(c -> newest.merge(c.leadId(), c, (a, b) -> a.version() >= b.version() ? a : b));
        return SqlRows.inChunks(new ArrayList<>(newest.values()), chunk -> Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("update lead_profile p set state = c.s, owner_id = c.o, owner_name = case"
                    + " when c.o is null then null when c.o = p.owner_id then coalesce(c.n, p.owner_name) else c.n end,"
                    + " version = c.v from (values " + SqlRows.values(chunk.size(), "l:uuid", "s:text", "o:text", "n:text",
                            "v:bigint") + ") c(l, s, o, n, v)"
                    + " where p.tenant_id = :t and p.lead_id = c.l and p.version < c.v and p.state not in ('MERGED', 'DISCARDED')")
                    .setParameter("t", tenantId);
            for (int i = 0; i < chunk.size(); i++) {
                StateChange c = chunk.get(i);
                q.setParameter("l" + i, c.leadId()).setParameter("s" + i, c.state()).setParameter("o" + i, c.ownerId())
                        .setParameter("n" + i, c.ownerName()).setParameter("v" + i, c.version());
            }
            return q.executeUpdate();
        }));
    }

    /** An arbiter's decision ends a lead's life for matching. */
    public Uni<Void> retire(String tenantId, UUID leadId, String state) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update lead_profile set state = :s"
                + " where tenant_id = :t and lead_id = :l").setParameter("s", state).setParameter("t", tenantId)
                .setParameter("l", leadId).executeUpdate()).replaceWithVoid();
    }
}
