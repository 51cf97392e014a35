package io.leadpool.pool.report;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How leads flowed through the pools in a period, from the lead history, aggregated in SQL: put in,
 * claimed, assigned, recycled by reason, released, converted, the turnover rate and the median time a lead
 * waited in its pool before someone took it. Days are the tenant's days.
 */
@ApplicationScoped
public class PoolFlowReport {

    /** What a row is about: a day (tenant time zone), a rep, or a pool. */
    public enum GroupBy {
        DAY, REP, POOL
    }

    public record Row(String group, long putIn, long claimed, long assigned, Map<String, Long> recycled,
            long released, long converted, Double turnoverRate, String medianTimeInPool) {
    }

    public record Report(Instant from, Instant to, GroupBy groupBy, String timeZone, List<Row> rows, Row total) {
    }

    /** The rep a history row is about: who took the lead, or who lost it. */
    private static final String REP = "case when h.action = 'CLAIMED' then h.actor_id"
            + " when h.action in ('ASSIGNED', 'TRANSFERRED', 'CONVERTED') then h.to_owner"
            + " when h.action in ('RELEASED', 'RECYCLED', 'REP_OFFBOARDED') then h.from_owner end";
    private static final String ENTERED = "(h.action in ('POOLED', 'RELEASED', 'RECYCLED')"
            + " or (h.action = 'REP_OFFBOARDED' and h.reason = 'RELEASE'))";
    private static final String TAKEN = "h.action in ('CLAIMED', 'ASSIGNED')";

    private final TenantTransactions tx;
    private final TenantSettingsRepository settings;

    public PoolFlowReport(TenantTransactions tx, TenantSettingsRepository settings) {
        this.tx = tx;
        this.settings = settings;
    }

    static final Duration LONGEST = Duration.ofDays(366);
    static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    /**
     * @param fromText a date ({@code 2026-11-01}: the start of that day in the tenant's zone) or an instant;
     *                 default 30 days before {@code to}
     * @param toText   the same (a date means the start of that day: the period excludes it); default now
     */
    public Uni<Report> report(Actor actor, String fromText, String toText, GroupBy groupBy) {
        String tenant = actor.tenantId();
        return tx.inTenant(tenant, () -> settings.of(tenant).chain(s -> {
            String zone = s.timeZone();
            List<ProblemException.FieldError> errors = new java.util.ArrayList<>();
            Instant to = toText == null ? DbClock.now() : instant(toText, s.zone(), "to", errors);
            Instant from = fromText == null ? (to == null ? null : to.minus(DEFAULT_SPAN))
                    : instant(fromText, s.zone(), "from", errors);
            if (errors.isEmpty() && !from.isBefore(to)) {
                errors.add(new ProblemException.FieldError("from", "must be before to"));
            } else if (errors.isEmpty() && Duration.between(from, to).compareTo(LONGEST) > 0) {
                errors.add(new ProblemException.FieldError("to", "the period is at most 366 days"));
            }
            if (!errors.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.invalid(errors));
            }
            String key = switch (groupBy) {
                case DAY -> "to_char(h.at at time zone :zone, 'YYYY-MM-DD')";
                case REP -> "coalesce(" + REP + ", '-')";
                case POOL -> "coalesce(cast(h.pool_id as text), '-')";
            };
            String dayZone = groupBy == GroupBy.DAY ? zone : null;
            return rows(tenant, from, to, key, dayZone).chain(rows -> rows(tenant, from, to, "'total'", null)
                    .map(total -> new Report(from, to, groupBy, zone, rows,
                            total.isEmpty() ? new Row("total", 0, 0, 0, Map.of(), 0, 0, null, null) : total.get(0))));
        }));
    }

    private static Instant instant(String text, ZoneId zone, String field, List<ProblemException.FieldError> errors) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(zone).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new ProblemException.FieldError(field, "a date (2026-11-01) or an instant (2026-11-01T08:00:00Z)"));
            return null;
        }
    }

    /** {@code dayZone}: the zone a day key ({@code :zone}) is counted in; null when the key has none. */
    private Uni<List<Row>> rows(String tenant, Instant from, Instant to, String key, String dayZone) {
        String sql = "select " + key + " as g,"
                + " count(*) filter (where " + ENTERED + "),"
                + " count(*) filter (where h.action = 'CLAIMED'),"
                + " count(*) filter (where h.action = 'ASSIGNED'),"
                + " count(*) filter (where h.action = 'RECYCLED' and h.reason = 'NO_FOLLOW_UP'),"
                + " count(*) filter (where h.action = 'RECYCLED' and h.reason = 'NO_PROGRESS'),"
                + " count(*) filter (where h.action = 'RECYCLED' and h.reason not in ('NO_FOLLOW_UP', 'NO_PROGRESS')),"
                + " count(*) filter (where h.action = 'RELEASED' or (h.action = 'REP_OFFBOARDED' and h.reason = 'RELEASE')),"
                + " count(*) filter (where h.action = 'CONVERTED'),"
                + " percentile_cont(0.5) within group (order by extract(epoch from h.at - entered.at))"
                + "   filter (where " + TAKEN + " and entered.at is not null)"
                + " from lead_history h"
                + " left join lateral (select max(e.at) as at from lead_history e where e.tenant_id = h.tenant_id"
                + "   and e.lead_id = h.lead_id and e.at <= h.at and " + TAKEN + " and " + ENTERED.replace("h.", "e.")
                + ") entered on true"
                + " where h.tenant_id = :t and h.at >= :from and h.at < :to"
                + " group by 1 order by 1";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class).setParameter("t", tenant).setParameter("from", from)
                    .setParameter("to", to);
            if (dayZone != null) {
                q.setParameter("zone", dayZone);
            }
            return q.getResultList();
        }).map(found -> found.stream().map(PoolFlowReport::row).toList());
    }

    private static Row row(Object[] r) {
        long putIn = n(r[1]);
        long claimed = n(r[2]);
        long assigned = n(r[3]);
        Map<String, Long> recycled = new LinkedHashMap<>();
        recycled.put("NO_FOLLOW_UP", n(r[4]));
        recycled.put("NO_PROGRESS", n(r[5]));
        if (n(r[6]) > 0) {
            recycled.put("OTHER", n(r[6]));
        }
        Double turnover = putIn == 0 ? null : Math.round((claimed + assigned) * 10_000.0 / putIn) / 10_000.0;
        String median = r[9] == null ? null
                : Duration.ofMillis(Math.round(((Number) r[9]).doubleValue() * 1000)).toString();
        return new Row((String) r[0], putIn, claimed, assigned, recycled, n(r[7]), n(r[8]), turnover, median);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
