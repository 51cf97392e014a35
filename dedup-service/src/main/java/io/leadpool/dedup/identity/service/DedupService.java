package io.leadpool.dedup.identity.service;

import io.leadpool.dedup.conflict.Conflict;
import io.leadpool.dedup.identity.Decision;
import io.leadpool.dedup.identity.IdentityKey;
import io.leadpool.dedup.identity.IdentityKey.Kind;
import io.leadpool.dedup.identity.Policy;
import io.leadpool.dedup.identity.RegionKey;
import io.leadpool.dedup.identity.CompanySimilarity;
import io.leadpool.dedup.identity.repository.IdentityIndex;
import io.leadpool.dedup.identity.repository.IdentityIndex.DecisionRow;
import io.leadpool.dedup.identity.repository.IdentityIndex.Owned;
import io.leadpool.dedup.identity.repository.LeadProfiles;
import io.leadpool.dedup.identity.repository.LeadProfiles.CompanyHit;
import io.leadpool.dedup.identity.repository.LeadProfiles.CompanyQuery;
import io.leadpool.dedup.identity.repository.LeadProfiles.NewProfile;
import io.leadpool.dedup.policy.PolicyRepository;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDetails;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.ImportBatchedEvents;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.text.CompanyKey;
import io.leadpool.platform.text.ContactNormalizer;
import io.leadpool.platform.tx.DbClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides, for a batch of incoming leads of one tenant, which are new people, which are people already
 * known (a phone or e-mail in the identity index, or one that came earlier in the same batch), which
 * have a company that resembles an existing lead's, and which are unusable. The tenant's policy says
 * what a company match is: a duplicate (BLOCK), a new lead with a conflict to arbitrate (FLAG), or
 * nothing (ALLOW). Runs inside the consumer's tenant transaction: the index, the decisions and their
 * events are written together, in a few multi-row statements whatever the batch size.
 */
@ApplicationScoped
public class DedupService {

    private final IdentityIndex index;
    private final LeadProfiles profiles;
    private final PolicyRepository policies;
    private final Outbox outbox;
    private final ContactNormalizer normalizer;
    private final double candidateSimilarity;
    private final int candidatesPerLead;

    public DedupService(IdentityIndex index, LeadProfiles profiles, PolicyRepository policies, Outbox outbox,
            @ConfigProperty(name = "leadpool.dedup.default-region") String defaultRegion,
            @ConfigProperty(name = "leadpool.dedup.candidate-similarity") double candidateSimilarity,
            @ConfigProperty(name = "leadpool.dedup.candidates") int candidatesPerLead) {
        this.index = index;
        this.profiles = profiles;
        this.policies = policies;
        this.outbox = outbox;
        this.normalizer = new ContactNormalizer(defaultRegion);
        this.candidateSimilarity = candidateSimilarity;
        this.candidatesPerLead = candidatesPerLead;
    }

    /**
     * Stored leads whose company resembles this one at or above the threshold, best first: pg_trgm finds
     * the candidates, {@link CompanySimilarity} scores them.
     */
    public Uni<List<CompanyHit>> similarCompanies(String tenantId, CompanyQuery query, double threshold) {
        return profiles.candidates(tenantId, query, candidateSimilarity, candidatesPerLead)
                .map(found -> scored(query.companyKey(), found, threshold));
    }

    private static List<CompanyHit> scored(String key, List<CompanyHit> candidates, double threshold) {
        CompanySimilarity.Parts parts = CompanySimilarity.parts(key);
        return candidates.stream().map(h -> h.scored(CompanySimilarity.score(parts, CompanySimilarity.parts(h.companyKey()))))
                .filter(h -> h.score() >= threshold)
                .sorted(java.util.Comparator.comparingDouble(CompanyHit::score).reversed()).toList();
    }

    /** The identity keys of a lead, or why it has none. */
    public record Keys(List<IdentityKey> keys, Optional<String> phone, Optional<String> email,
            List<LeadRejected.Violation> violations) {
    }

    public Keys keysOf(String phone, String email) {
        Optional<String> p = normalizer.phone(phone);
        Optional<String> e = normalizer.email(email);
        List<IdentityKey> keys = new ArrayList<>(2);
        p.ifPresent(v -> keys.add(new IdentityKey(Kind.PHONE, v)));
        e.ifPresent(v -> keys.add(new IdentityKey(Kind.EMAIL, v)));
        List<LeadRejected.Violation> violations = new ArrayList<>();
        if (keys.isEmpty()) {
            if (phone != null && !phone.isBlank()) {
                violations.add(new LeadRejected.Violation("phone", "not a valid phone number"));
            }
            if (email != null && !email.isBlank()) {
                violations.add(new LeadRejected.Violation("email", "not a valid e-mail address"));
            }
            if (violations.isEmpty()) {
                violations.add(new LeadRejected.Violation("phone", "a valid phone or e-mail is required"));
            }
        }
        return new Keys(keys, p, e, violations);
    }

    /** One incoming lead, read. */
    private record Candidate(LeadReceived received, Keys keys, String companyKey, String region) {
        LeadDetails lead() {
            return received.lead();
        }
    }

    /** A new lead of this batch, for the company comparisons of the rows after it. */
    private record Fresh(UUID leadId, CompanySimilarity.Parts parts, String region, String company) {
    }

    /**
     * The new leads of a batch with a company, found again by the trigrams of their cores (as the GIN index
     * finds stored ones), so that a batch costs comparisons with likely matches only, not with every row.
     */
    private final class FreshCompanies {
        private final List<Fresh> all = new ArrayList<>();
        private final Map<String, List<Integer>> byTrigram = new HashMap<>();

        void add(Fresh f) {
            for (String t : f.parts().trigrams()) {
                byTrigram.computeIfAbsent(t, k -> new ArrayList<>()).add(all.size());
            }
            all.add(f);
        }

        /** The better of the stored match and a match among this batch's new leads, if either reaches the threshold. */
        CompanyHit best(CompanyHit stored, Candidate c, double threshold) {
            CompanyHit best = stored;
            if (c.companyKey() == null) {
                return best;
            }
            CompanySimilarity.Parts parts = CompanySimilarity.parts(c.companyKey());
            Map<Integer, Integer> shared = new HashMap<>();
            for (String t : parts.trigrams()) {
                for (int i : byTrigram.getOrDefault(t, List.of())) {
                    shared.merge(i, 1, Integer::sum);
                }
            }
            for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
                Fresh f = all.get(e.getKey());
                int common = e.getValue();
                double trigram = (double) common / (parts.trigrams().size() + f.parts().trigrams().size() - common);
                if (trigram < candidateSimilarity
                        || (c.region() != null && f.region() != null && !c.region().equals(f.region()))) {
                    continue;
                }
                double score = CompanySimilarity.score(parts, f.parts());
                if (score >= threshold && (best == null || score > best.score())) {
                    best = new CompanyHit(f.leadId(), score, f.parts().key(), f.company(), f.region(), "IN_POOL");
                }
            }
            return best;
        }
    }

    public Uni<List<Decision>> decideAll(String tenantId, List<LeadReceived> batch) {
        List<Candidate> candidates = batch.stream().map(r -> new Candidate(r, keysOf(r.lead().phone(), r.lead().email()),
                CompanyKey.of(r.lead().company()).orElse(null), RegionKey.of(r.lead().region()).orElse(null))).toList();
        List<IdentityKey> allKeys = candidates.stream().flatMap(c -> c.keys().keys().stream()).distinct().toList();
        return policies.of(tenantId).chain(policy -> {
            // A batch's company searches, when they go on connections of their own, run while the transaction looks the
            // keys up; else after it, on the transaction's session. A lead a stored key claims is a person duplicate,
            // and its search (one row in a hundred in an import) is dropped.
            List<CompanyQuery> queries = new ArrayList<>();
            List<Integer> asked = new ArrayList<>();
            if (policy.companyMatch() != Policy.CompanyMatch.ALLOW) {
                for (int i = 0; i < candidates.size(); i++) {
                    Candidate c = candidates.get(i);
                    if (c.companyKey() != null && !c.keys().keys().isEmpty()) {
                        queries.add(new CompanyQuery(c.companyKey(), c.region()));
                        asked.add(i);
                    }
                }
            }
            Uni<Map<IdentityKey, UUID>> keys = index.find(tenantId, allKeys);
            Uni<Map<Integer, List<CompanyHit>>> searches = profiles.candidates(tenantId, queries, candidateSimilarity,
                    candidatesPerLead);
            return (profiles.searchesApart(queries.size()) ? Uni.combine().all().unis(keys, searches).asTuple()
                    : keys.chain(k -> searches.map(found -> Tuple2.of(k, found))))
                    .chain(both -> {
                        Map<IdentityKey, UUID> known = both.getItem1();
                        Map<Integer, CompanyHit> hits = new HashMap<>();
                        both.getItem2().forEach((q, stored) -> {
                            if (candidates.get(asked.get(q)).keys().keys().stream().noneMatch(known::containsKey)) {
                                scored(queries.get(q).companyKey(), stored, policy.threshold()).stream().findFirst()
                                        .ifPresent(best -> hits.put(asked.get(q), best));
                            }
                        });
                        return decide(tenantId, policy, candidates, new HashMap<>(known), hits);
                    });
        });
    }

    private Uni<List<Decision>> decide(String tenantId, Policy policy, List<Candidate> candidates,
            Map<IdentityKey, UUID> known, Map<Integer, CompanyHit> storedHits) {
        Instant now = DbClock.now();
        List<Decision> decisions = new ArrayList<>();
        ImportBatchedEvents<Record, ImportBatchDecided> events = new ImportBatchedEvents<>(tenantId,
                ImportBatchDecided::of);
        List<DecisionRow> rows = new ArrayList<>();
        List<Owned> claimed = new ArrayList<>();
        List<Owned> enriched = new ArrayList<>();
        List<NewProfile> newProfiles = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        FreshCompanies fresh = new FreshCompanies();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            LeadReceived r = c.received();
            if (c.keys().keys().isEmpty()) {
                decisions.add(new Decision.Rejected(c.keys().violations()));
                rows.add(new DecisionRow(r.intakeId(), "REJECTED", null, null));
                events.add(r.importRow(), r.intakeId(),
                        new LeadRejected(r.intakeId(), c.keys().violations(), r.importRow()));
                continue;
            }
            UUID person = personMatch(c, known);
            if (person != null) {
                List<String> matchedOn = c.keys().keys().stream().filter(k -> person.equals(known.get(k)))
                        .map(k -> k.kind().name()).toList();
                c.keys().keys().stream().filter(k -> !known.containsKey(k)).forEach(k -> {
                    known.put(k, person);
                    enriched.add(new Owned(k, person));
                });
                duplicate(r, person, matchedOn, 1.0, decisions, rows, events);
                continue;
            }
            CompanyHit hit = policy.companyMatch() == Policy.CompanyMatch.ALLOW ? null
                    : fresh.best(storedHits.get(i), c, policy.threshold());
            if (hit != null && policy.companyMatch() == Policy.CompanyMatch.BLOCK) {
                duplicate(r, hit.leadId(), List.of("COMPANY"), hit.score(), decisions, rows, events);
                continue;
            }
            UUID leadId = Uuid7.next();
            UUID conflictId = null;
            if (hit != null) {
                Conflict conflict = new Conflict();
                conflict.id = Uuid7.next();
                conflict.tenantId = tenantId;
                conflict.leadId = leadId;
                conflict.existingLeadId = hit.leadId();
                conflict.score = (float) hit.score();
                conflict.matched = new Conflict.Matched(matchedFields(c, hit));
                conflict.status = Conflict.Status.OPEN;
                conflict.createdAt = now;
                conflicts.add(conflict);
                conflictId = conflict.id;
            }
            c.keys().keys().forEach(k -> {
                known.put(k, leadId);
                claimed.add(new Owned(k, leadId));
            });
            if (c.companyKey() != null) {
                fresh.add(new Fresh(leadId, CompanySimilarity.parts(c.companyKey()), c.region(), c.lead().company()));
            }
            newProfiles.add(new NewProfile(leadId, c.lead().name(), c.lead().company(), c.companyKey(), c.region()));
            decisions.add(new Decision.Accepted(leadId, hit == null ? null : hit.leadId()));
            rows.add(new DecisionRow(r.intakeId(), "ACCEPTED", leadId, null));
            events.add(r.importRow(), leadId, new LeadAccepted(r.intakeId(), leadId, r.lead(),
                    c.keys().phone().orElse(null), c.keys().email().orElse(null), r.importRow(), conflictId));
        }
        return index.claim(tenantId, claimed)
                .chain(() -> index.enrich(tenantId, enriched))
                .chain(() -> profiles.insert(tenantId, newProfiles))
                .chain(() -> conflicts.isEmpty() ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(s -> s.persistAll(conflicts.toArray())))
                .chain(() -> index.recordDecisions(tenantId, rows))
                .chain(() -> outbox.addAll(events.pending()))
                .replaceWith(decisions);
    }

    /** The lead a person key names: a phone match wins when phone and e-mail point at different leads. */
    private static UUID personMatch(Candidate c, Map<IdentityKey, UUID> known) {
        UUID byEmail = null;
        for (IdentityKey k : c.keys().keys()) {
            UUID lead = known.get(k);
            if (lead != null && k.kind() == Kind.PHONE) {
                return lead;
            }
            if (lead != null) {
                byEmail = lead;
            }
        }
        return byEmail;
    }

    private static List<String> matchedFields(Candidate c, CompanyHit hit) {
        LinkedHashSet<String> fields = new LinkedHashSet<>();
        fields.add(hit.score() >= 0.999 ? "companyKey" : "companyName");
        if (c.region() != null && Objects.equals(c.region(), hit.region())) {
            fields.add("region");
        }
        return List.copyOf(fields);
    }

    private static void duplicate(LeadReceived r, UUID existing, List<String> matchedOn, double score,
            List<Decision> decisions, List<DecisionRow> rows,
            ImportBatchedEvents<Record, ImportBatchDecided> events) {
        decisions.add(new Decision.Duplicate(existing, matchedOn, score));
        rows.add(new DecisionRow(r.intakeId(), "DUPLICATE", existing, String.join(",", matchedOn)));
        events.add(r.importRow(), existing,
                new LeadDuplicateDetected(r.intakeId(), existing, matchedOn, r.lead(), score, r.importRow()));
    }
}
