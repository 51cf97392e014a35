package io.leadpool.pool.pool.service;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.repository.PoolRepository;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * "What would these rules do to the leads my reps hold today?" Computes, for every unlocked lead owned out
 * of a pool, when it would go back to the pool if nobody touched it again, under the pool's current rules
 * and under proposed ones, counted by day in the tenant's time zone. Reads only; changes nothing.
 */
@ApplicationScoped
public class RecyclingSimulation {

    /** When leads would go back: at once (already overdue), by day after that, or never (no clock runs). */
    public record Outcome(int overdueNow, List<Day> byDay, int neverRecycled) {
    }

    public record Day(LocalDate date, int leads) {
    }

    public record Result(UUID poolId, String timeZone, Instant evaluatedAt, int ownedLeads, Outcome current,
            Outcome proposed, int changed) {
    }

    private final PoolRepository pools;
    private final LeadRepository leads;
    private final TenantSettingsRepository settings;
    private final TenantTransactions tx;

    public RecyclingSimulation(PoolRepository pools, LeadRepository leads, TenantSettingsRepository settings,
            TenantTransactions tx) {
        this.pools = pools;
        this.leads = leads;
        this.settings = settings;
        this.tx = tx;
    }

    public Uni<Result> simulate(Actor actor, UUID poolId, PoolRules proposed) {
        String tenant = actor.tenantId();
        Instant now = DbClock.now();
        return tx.inTenant(tenant, () -> settings.of(tenant).chain(s -> {
            PoolRules valid;
            try {
                valid = proposed.validated(s.tierSet());
            } catch (ProblemException e) {
                return Uni.createFrom().failure(e.prefixed("rules."));
            }
            return pools.findInTenant(tenant, poolId)
                    .onItem().ifNull().failWith(() -> ProblemException.invalid("poolId", "no such pool"))
                    .chain(pool -> leads.ownedFromPool(tenant, pool.id)
                            .map(owned -> result(pool.id, pool.rules, valid, s.zone(), owned, now)));
        }));
    }

    /** Pure: the comparison for a list of owned leads. */
    public static Result result(UUID poolId, PoolRules current, PoolRules proposed, ZoneId zone, List<Lead> owned,
            Instant now) {
        int changed = 0;
        for (Lead lead : owned) {
            if (!recycleAt(current, zone, lead).equals(recycleAt(proposed, zone, lead))) {
                changed++;
            }
        }
        return new Result(poolId, zone.getId(), now, owned.size(), outcome(current, zone, owned, now),
                outcome(proposed, zone, owned, now), changed);
    }

    private static Outcome outcome(PoolRules rules, ZoneId zone, List<Lead> owned, Instant now) {
        int overdue = 0;
        int never = 0;
        Map<LocalDate, Integer> days = new TreeMap<>();
        for (Lead lead : owned) {
            Optional<Instant> at = recycleAt(rules, zone, lead);
            if (at.isEmpty()) {
                never++;
            } else if (!at.get().isAfter(now)) {
                overdue++;
            } else {
                days.merge(at.get().atZone(zone).toLocalDate(), 1, Integer::sum);
            }
        }
        return new Outcome(overdue, days.entrySet().stream().map(e -> new Day(e.getKey(), e.getValue())).toList(),
                never);
    }

    private static Optional<Instant> recycleAt(PoolRules rules, ZoneId zone, Lead lead) {
        return LeadClocks.of(rules, zone, lead).recycleAt();
    }
}
