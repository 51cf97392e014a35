package io.leadpool.pool.report;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.repository.HistoryRepository;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Who received which leads, and how fair the automatic modes were. Per rep, over days of the tenant's zone:
 * leads received by mode ({@code SELF_CLAIM}, {@code MANUAL} for an admin's or manager's assignment or transfer,
 * and the automatic {@code ROUND_ROBIN}, {@code WEIGHTED}, {@code SKILL_MATCH}, {@code SKILL_FALLBACK}) and by the
 * score band the lead had then ({@code HIGH}, {@code MEDIUM}, {@code LOW}, {@code NONE}), from the history; and for
 * the automatic hand-outs, the rep's fair share — each hand-out gives every rep eligible at that moment their
 * weight over the total weight (1/n in a round robin) — beside what they received, from the distribution tally.
 */
@ApplicationScoped
public class DistributionReport {

    static final long LONGEST_DAYS = 366;
    static final long DEFAULT_DAYS = 30;

    /** Automatic hand-outs of a rep: received, their fair share, and how far apart (in leads and percent of fair). */
    public record Fairness(long received, double fair, double deviation, Double deviationPercent) {

        static Fairness of(long received, double fair) {
            double f = Math.round(fair * 100) / 100.0;
            double d = Math.round((received - fair) * 100) / 100.0;
            Double percent = fair == 0 ? null : Math.round((received - fair) * 10_000 / fair) / 100.0;
            return new Fairness(received, f, d, percent);
        }
    }

    public record RepRow(String repId, String username, long received, Map<String, Long> byMode,
            Map<String, Long> byBand, Fairness automatic) {
    }

    /**
     * @param maxDeviationPercent the largest |deviation| in percent of fair among reps with a fair share of at least
     *                            one lead: how far the least fairly treated rep is from fair
     */
    public record Report(LocalDate from, LocalDate to, String timeZone, UUID poolId, List<RepRow> reps,
            Fairness total, Double maxDeviationPercent) {
    }

    private final TenantTransactions tx;
    private final TenantSettingsRepository settings;

    public DistributionReport(TenantTransactions tx, TenantSettingsRepository settings) {
        this.tx = tx;
        this.settings = settings;
    }

    /**
     * @param fromText first day (tenant zone), default 30 days before {@code to}
     * @param toText   the day after the last, default tomorrow (today included)
     * @param poolId   only hand-outs from this pool, or all
     */
    public Uni<Report> report(Actor actor, String fromText, String toText, UUID poolId) {
        String tenant = actor.tenantId();
        return tx.inTenant(tenant, () -> settings.of(tenant).chain(s -> {
            ZoneId zone = s.zone();
            List<ProblemException.FieldError> errors = new ArrayList<>();
            LocalDate to = toText == null ? LocalDate.ofInstant(DbClock.now(), zone).plusDays(1)
                    : day(toText, "to", errors);
            LocalDate from = fromText == null ? (to == null ? null : to.minusDays(DEFAULT_DAYS))
                    : day(fromText, "from", errors);
            if (errors.isEmpty() && !from.isBefore(to)) {
                errors.add(new ProblemException.FieldError("from", "must be before to"));
            } else if (errors.isEmpty() && ChronoUnit.DAYS.between(from, to) > LONGEST_DAYS) {
                errors.add(new ProblemException.FieldError("to", "the period is at most 366 days"));
            }
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.invalid(errors));
            }
            return received(tenant, from, to, zone, poolId).chain(history -> tallies(tenant, from, to, poolId)
                    .chain(tally -> names(tenant, history, tally).map(names -> build(from, to, s.timeZone(), poolId,
                            history, tally, names))));
        }));
    }

    private static LocalDate day(String text, String field, List<ProblemException.FieldError> errors) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new ProblemException.FieldError(field, "a day such as 2026-11-01"));
            return null;
        }
    }

    /** rep → mode → band → leads, from the history. */
    private Uni<List<Object[]>> received(String tenant, LocalDate from, LocalDate to, ZoneId zone, UUID poolId) {
        String sql = "select h.to_owner, case when h.action = 'CLAIMED' then 'SELF_CLAIM'"
                + " when h.action = 'ASSIGNED' and h.actor_id = '" + HistoryRepository.DISTRIBUTION_ACTOR + "'"
                + " then h.reason else 'MANUAL' end, coalesce(h.score_band, 'NONE'), count(*)"
                + " from lead_history h where h.tenant_id = :t and h.at >= :from and h.at < :to"
                + " and h.action in ('CLAIMED', 'ASSIGNED', 'TRANSFERRED') and h.to_owner is not null"
                + (poolId == null ? "" : " and h.pool_id = :pool") + " group by 1, 2, 3";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class).setParameter("t", tenant)
                    .setParameter("from", from.atStartOfDay(zone).toInstant())
                    .setParameter("to", to.atStartOfDay(zone).toInstant());
            if (poolId != null) {
                q.setParameter("pool", poolId);
            }
            return q.getResultList();
        });
    }

    /** rep → automatic received and fair share, from the tally. */
    private Uni<List<Object[]>> tallies(String tenant, LocalDate from, LocalDate to, UUID poolId) {
        String sql = "select rep_id, sum(received), sum(fair) from distribution_tally where tenant_id = :t"
                + " and day >= :from and day < :to" + (poolId == null ? "" : " and pool_id = :pool")
                + " group by rep_id";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class).setParameter("t", tenant).setParameter("from", from)
                    .setParameter("to", to);
            if (poolId != null) {
                q.setParameter("pool", poolId);
            }
            return q.getResultList();
        });
    }

    private Uni<Map<String, String>> names(String tenant, List<Object[]> history, List<Object[]> tally) {
        List<String> ids = new ArrayList<>();
        history.forEach(r -> ids.add((String) r[0]));
        tally.forEach(r -> ids.add((String) r[0]));
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select id, username from rep where tenant_id = :t"
                + " and id in (:ids)", Object[].class).setParameter("t", tenant)
                .setParameter("ids", ids.stream().distinct().toList()).getResultList())
                .map(rows -> {
                    Map<String, String> names = new HashMap<>();
                    rows.forEach(r -> names.put((String) r[0], (String) r[1]));
                    return names;
                });
    }

    private static Report build(LocalDate from, LocalDate to, String zone, UUID poolId, List<Object[]> history,
            List<Object[]> tally, Map<String, String> names) {
        Map<String, Map<String, Long>> byMode = new TreeMap<>();
        Map<String, Map<String, Long>> byBand = new TreeMap<>();
        for (Object[] r : history) {
            String rep = (String) r[0];
            long n = ((Number) r[3]).longValue();
            byMode.computeIfAbsent(rep, k -> new TreeMap<>()).merge((String) r[1], n, Long::sum);
            byBand.computeIfAbsent(rep, k -> new LinkedHashMap<>(bands())).merge((String) r[2], n, Long::sum);
        }
        Map<String, Fairness> fairness = new HashMap<>();
        long totalReceived = 0;
        double totalFair = 0;
        Double worst = null;
        for (Object[] r : tally) {
            long received = ((Number) r[1]).longValue();
            double fair = ((Number) r[2]).doubleValue();
            Fairness f = Fairness.of(received, fair);
            fairness.put((String) r[0], f);
            totalReceived += received;
            totalFair += fair;
            if (fair >= 1 && (worst == null || Math.abs(f.deviationPercent()) > worst)) {
                worst = Math.abs(f.deviationPercent());
            }
        }
        List<String> reps = new ArrayList<>(byMode.keySet());
        fairness.keySet().stream().filter(r -> !byMode.containsKey(r)).forEach(reps::add);
        List<RepRow> rows = reps.stream().map(rep -> {
            Map<String, Long> modes = byMode.getOrDefault(rep, Map.of());
            return new RepRow(rep, names.get(rep), modes.values().stream().mapToLong(Long::longValue).sum(), modes,
                    byBand.getOrDefault(rep, bands()), fairness.get(rep));
        }).sorted(Comparator.comparing((RepRow r) -> r.username() == null ? r.repId() : r.username())).toList();
        return new Report(from, to, zone, poolId, rows, Fairness.of(totalReceived, totalFair), worst);
    }

    private static Map<String, Long> bands() {
        Map<String, Long> zero = new LinkedHashMap<>();
        for (String b : new String[] { "HIGH", "MEDIUM", "LOW", "NONE" }) {
            zero.put(b, 0L);
        }
        return zero;
    }
}
