package io.leadpool.pool.distribution.service;

import io.leadpool.events.OwnershipChanged;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.pool.distribution.DistributionConfig;
import io.leadpool.pool.distribution.FairRotation;
import io.leadpool.pool.distribution.RepWeights;
import io.leadpool.pool.distribution.SkillMatch;
import io.leadpool.pool.distribution.repository.DistributionRepository;
import io.leadpool.pool.distribution.repository.DistributionRepository.Tally;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.service.LeadChangeLog;
import io.leadpool.pool.lead.service.PoolContext.Governing;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolRules.Distribution;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.repository.RepRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
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
 * Hands a pool's waiting leads to reps by the pool's automatic mode, in the caller's tenant transaction:
 * <ol>
 * <li>the pool's rotation advances one turn ({@link DistributionRepository#advance}), which serialises the pool's
 * hand-outs across threads and replicas;</li>
 * <li>the candidates are the pool's active sales reps in scope and not on leave, locked all at once in id order
 * (as a claim locks its rep) and counted under that lock: held leads, leads taken from the pool in the quota
 * window;</li>
 * <li>each lead goes to the rep {@link FairRotation} picks among those the rules allow right now (holding limit,
 * claim quota, previous-owner cooldown: {@link ClaimRules}, as for a claim), by the claim's own conditional write
 * ({@link LeadRepository#claim}, which also carries the cooldown and the embargo);</li>
 * <li>one history row ({@code ASSIGNED} by {@code system:distribution}, the mode as reason) and one
 * {@code OwnershipChanged} per lead handed out, the rotation's passes and the day's tally of fair shares.</li>
 * </ol>
 */
@ApplicationScoped
public class DistributionService {

    public static final String ACTOR = HistoryRepository.DISTRIBUTION_ACTOR;
    public static final String ACTOR_NAME = "automatic distribution";
    /** The reason of a SKILL_MATCH hand-out no rep's skills matched (the round-robin fallback). */
    public static final String SKILL_FALLBACK = "SKILL_FALLBACK";

    /** What a run did: how many leads it looked at, and the leads it handed out (as they are now). */
    public record Outcome(int considered, List<Lead> handedOut) {

        public static final Outcome NONE = new Outcome(0, List.of());
    }

    private final DistributionRepository rotations;
    private final RepRepository reps;
    private final LeadRepository leads;
    private final HistoryRepository history;
    private final LeadChangeLog changes;
    private final DistributionConfig config;

    public DistributionService(DistributionRepository rotations, RepRepository reps, LeadRepository leads,
            HistoryRepository history, LeadChangeLog changes, DistributionConfig config) {
        this.rotations = rotations;
        this.reps = reps;
        this.leads = leads;
        this.history = history;
        this.changes = changes;
        this.config = config;
    }

    /** Leads waiting in one pool, with what governs it. */
    public record Share(Governing pool, List<Lead> waiting) {
    }

    /**
     * Hands out those of {@code waiting} that are in the governing pool, in the pool, and past its embargo, if
     * the pool's mode is automatic; the others stay as they are.
     */
    public Uni<Outcome> handOut(String tenantId, Governing g, List<Lead> waiting, Instant now) {
        return handOutAll(tenantId, List.of(new Share(g, waiting)), now).map(all -> all.isEmpty() ? Outcome.NONE
                : all.get(0));
    }

    /**
     * Several pools' shares in one transaction (a batch of arrivals routed to several pools). Every pool's rotation
     * is advanced first, in pool-id order, and only then are reps locked: two transactions that meet on pools or
     * reps take their locks in the same order and never wait for each other in a circle. Outcomes in pool-id order.
     */
    public Uni<List<Outcome>> handOutAll(String tenantId, List<Share> shares, Instant now) {
        List<Share> due = new ArrayList<>();
        for (Share share : shares) {
            Governing g = share.pool();
            if (!g.rules().mode().automatic()) {
                continue;
            }
            Instant embargoStart = ClaimRules.embargoStart(g.rules(), g.zone(), now);
            List<Lead> ready = share.waiting().stream().filter(l -> l.state == LeadState.IN_POOL
                    && g.pool().id.equals(l.poolId) && !ClaimRules.embargoed(l, embargoStart)).toList();
            if (!ready.isEmpty()) {
                due.add(new Share(g, ready));
            }
        }
        if (due.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        due.sort(java.util.Comparator.comparing(share -> share.pool().pool().id));
        Map<UUID, DistributionRepository.Turn> turns = new HashMap<>();
        Uni<Void> advanced = Panache.getSession().chain(s -> s.flush());
        for (Share share : due) {
            UUID poolId = share.pool().pool().id;
            advanced = advanced.chain(() -> rotations.advance(tenantId, poolId).invoke(t -> turns.put(poolId, t)))
                    .replaceWithVoid();
        }
        return advanced.chain(() -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(share -> {
            Governing g = share.pool();
            Instant embargoStart = ClaimRules.embargoStart(g.rules(), g.zone(), now);
            return team(tenantId, g, now)
                    .chain(team -> round(tenantId, g, team, turns.get(g.pool().id), now))
                    .chain(round -> run(tenantId, g, round, share.waiting(), now, embargoStart))
                    .map(handed -> new Outcome(share.waiting().size(), handed));
        }).collect().asList());
    }

    /** The pool's candidates: active sales reps in its scope and not on leave, locked, as they are now. */
    private Uni<List<Rep>> team(String tenantId, Governing g, Instant now) {
        return reps.distributable(tenantId, now)
                .map(all -> all.stream().filter(r -> g.pool().scope.admits(r.asActor(tenantId), r.teams()))
                        .map(Rep::id).toList())
                .chain(ids -> reps.lockAll(tenantId, ids))
                .map(locked -> locked.stream().filter(r -> r.active() && !r.awayAt(now) && r.sellsLeads()).toList());
    }

    /** Everything the picks need, read under the locks: counts, the WEIGHTED record, the rotation. */
    private Uni<Round> round(String tenantId, Governing g, List<Rep> team, DistributionRepository.Turn turn,
            Instant now) {
        PoolRules rules = g.rules();
        List<String> ids = team.stream().map(Rep::id).toList();
        Uni<Map<String, Long>> taken = rules.quota().isEmpty() ? Uni.createFrom().item(Map.of())
                : history.takenFromPool(tenantId, g.pool().id, ids, rules.quotaWindow().before(now, g.zone()));
        Uni<Map<String, RepWeights.Record>> record = rules.mode() != Distribution.WEIGHTED
                ? Uni.createFrom().item(Map.of())
                : rotations.performance(tenantId, ids, rules.options().window().before(now, g.zone()));
        return leads.heldBy(tenantId, ids, rules.countsLocked(), rules.countsWon())
                .chain(held -> taken.chain(t -> record.chain(r -> rotations.passes(tenantId, g.pool().id, ids)
                        .map(passes -> new Round(rules, team, new HashMap<>(held), new HashMap<>(t), r,
                                new FairRotation(turn.virtualTime(), passes), config.performancePrior())))));
    }

    private Uni<List<Lead>> run(String tenantId, Governing g, Round round, List<Lead> due, Instant now,
            Instant embargoStart) {
        Instant cooldownStart = ClaimRules.cooldownStart(g.rules(), g.zone(), now);
        return Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(lead -> {
            Round.Choice choice = round.choose(lead, cooldownStart);
            if (choice == null) {
                return Uni.createFrom().voidItem();
            }
            return leads.claim(tenantId, lead.id, lead.poolId, choice.rep().id(), now, g.freshClocks(lead, now),
                    cooldownStart, embargoStart)
                    .invoke(updated -> {
                        if (updated == 1) {
                            round.commit(lead, choice);
                        }
                    }).replaceWithVoid();
        }).collect().asList().chain(() -> finish(tenantId, g, round, now));
    }

    private Uni<List<Lead>> finish(String tenantId, Governing g, Round round, Instant now) {
        if (round.handed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID poolId = g.pool().id;
        FairRotation rotation = round.rotation;
        List<Tally> tallies = round.tallies();
        LocalDate day = LocalDate.ofInstant(now, g.zone());
        return rotations.save(tenantId, poolId, rotation.virtualTime(), rotation.servedPasses(), rotation.served())
                .chain(() -> rotations.tally(tenantId, day, poolId, tallies))
                .chain(() -> leads.reloadAll(tenantId, round.handed.stream().map(Round.Handed::lead).toList()))
                .chain(fresh -> {
                    Map<UUID, Lead> byId = new HashMap<>();
                    fresh.forEach(l -> byId.put(l.id, l));
                    List<HistoryEntry> entries = new ArrayList<>();
                    List<Outbox.Pending> events = new ArrayList<>();
                    List<Lead> handedOut = new ArrayList<>();
                    for (Round.Handed h : round.handed) {
                        Lead l = byId.get(h.lead().id);
                        handedOut.add(l);
                        entries.add(HistoryRepository.entry(l, HistoryEntry.Action.ASSIGNED, ACTOR, ACTOR_NAME, null,
                                h.rep().id(), h.mode(), now));
                        events.add(new Outbox.Pending(tenantId, l.id, new OwnershipChanged(l.id, l.poolId, "ASSIGNED",
                                null, h.rep().id(), ACTOR, h.mode(), l.version, l.deadlines(), now,
                                h.rep().username())));
                    }
                    return changes.recordAll(entries, events).replaceWith(handedOut);
                });
    }

    /** One run's state: the team, their counts under the lock, the rotation, and what was handed out. */
    static final class Round {

        record Choice(Rep rep, String mode, FairRotation.Pick pick) {
        }

        record Handed(Lead lead, Rep rep, String mode) {
        }

        private final PoolRules rules;
        private final List<Rep> team;
        private final Map<String, Long> held;
        private final Map<String, Long> taken;
        private final Map<String, RepWeights.Record> record;
        private final RepWeights.Record everyone;
        private final FairRotation rotation;
        private final double prior;
        private final List<Handed> handed = new ArrayList<>();
        private final Map<String, long[]> received = new HashMap<>();
        private final Map<String, double[]> fair = new HashMap<>();

        Round(PoolRules rules, List<Rep> team, Map<String, Long> held, Map<String, Long> taken,
                Map<String, RepWeights.Record> record, FairRotation rotation, double prior) {
            this.rules = rules;
            this.team = team;
            this.held = held;
            this.taken = taken;
            this.record = record;
            this.rotation = rotation;
            this.prior = prior;
            this.everyone = sum(record);
        }

        /** The rep the lead goes to now, or null when nobody may take it (it stays in the pool). */
        Choice choose(Lead lead, Instant cooldownStart) {
            List<Rep> allowed = new ArrayList<>();
            for (Rep r : team) {
                if (ClaimRules.holding(rules, r.tier(), held.getOrDefault(r.id(), 0L)).isEmpty()
                        && ClaimRules.quota(rules, taken.getOrDefault(r.id(), 0L)).isEmpty()
                        && !ClaimRules.inCooldown(lead, r.id(), cooldownStart)) {
                    allowed.add(r);
                }
            }
            Distribution mode = rules.mode();
            String label = mode.name();
            List<FairRotation.Weighted> weighted = new ArrayList<>();
            switch (mode) {
                case WEIGHTED -> allowed.forEach(r -> weighted.add(new FairRotation.Weighted(r.id(), weight(r, lead))));
                case SKILL_MATCH -> {
                    int best = allowed.stream().mapToInt(r -> SkillMatch.points(r.skills(), lead)).max().orElse(0);
                    if (best > 0) {
                        allowed.stream().filter(r -> SkillMatch.points(r.skills(), lead) == best)
                                .forEach(r -> weighted.add(new FairRotation.Weighted(r.id(), 1)));
                    } else if (rules.options().fallback() == PoolRules.SkillFallback.ROUND_ROBIN) {
                        label = SKILL_FALLBACK;
                        allowed.forEach(r -> weighted.add(new FairRotation.Weighted(r.id(), 1)));
                    }
                }
                default -> allowed.forEach(r -> weighted.add(new FairRotation.Weighted(r.id(), 1)));
            }
            String chosenMode = label;
            return rotation.pick(weighted).map(p -> new Choice(byId(p.repId()), chosenMode, p)).orElse(null);
        }

        double weight(Rep r, Lead lead) {
            PoolRules.DistributionOptions o = rules.options();
            double capacity = RepWeights.capacity(rules.holdingLimit(r.tier()).orElse(null),
                    held.getOrDefault(r.id(), 0L));
            double performance = RepWeights.performance(record.get(r.id()), everyone, lead.scoreBand, prior);
            return RepWeights.weight(o.weightOf(r.tier()), capacity, performance, o.performanceStrength());
        }

        /** The lead went to the chosen rep: the rotation, the counts and the tally follow. */
        void commit(Lead lead, Choice c) {
            rotation.commit(c.pick());
            held.merge(c.rep().id(), 1L, Long::sum);
            taken.merge(c.rep().id(), 1L, Long::sum);
            received.computeIfAbsent(c.rep().id() + "\u0000" + c.mode(), k -> new long[1])[0]++;
            c.pick().fairShares().forEach((rep, share) -> fair.computeIfAbsent(rep + "\u0000" + c.mode(),
                    k -> new double[1])[0] += share);
            handed.add(new Handed(lead, c.rep(), c.mode()));
        }

        List<Tally> tallies() {
            List<Tally> all = new ArrayList<>();
            fair.forEach((key, f) -> {
                String[] repMode = key.split("\u0000", 2);
                long[] n = received.get(key);
                all.add(new Tally(repMode[0], repMode[1], n == null ? 0 : n[0], f[0]));
            });
            return all;
        }

        private Rep byId(String id) {
            return team.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        }

        private static RepWeights.Record sum(Map<String, RepWeights.Record> records) {
            long n = 0;
            long c = 0;
            Map<String, long[]> bands = new HashMap<>();
            for (RepWeights.Record r : records.values()) {
                n += r.received();
                c += r.converted();
                r.byBand().forEach((band, nc) -> {
                    long[] t = bands.computeIfAbsent(band, k -> new long[2]);
                    t[0] += nc[0];
                    t[1] += nc[1];
                });
            }
            return new RepWeights.Record(n, c, bands);
        }
    }
}
