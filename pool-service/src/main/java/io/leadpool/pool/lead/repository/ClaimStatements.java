package io.leadpool.pool.lead.repository;

import io.leadpool.platform.outbox.Outbox;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Stage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The claim's statements ({@code claim_probe}, migration V13, and {@code claim_lead}, V16), each one round trip and
 * its own transaction, through the reactive SQL client: a claim is the most frequent write there is. A claim that
 * expects its lead in a pool whose rules it knows is one call of {@code claim_lead}; one that does not, or whose
 * expectation the lead belies, reads the lead first (the probe, or {@code claim_lead}'s {@code UNEXPECTED} answer).
 */
@ApplicationScoped
public class ClaimStatements {

    /** A lead as the probe found it, with its pool's version and the tenant's settings (null: the defaults). */
    public record Probe(Lead lead, Long poolVersion, String timeZone, String tiersJson) {
    }

    /**
     * What {@code claim_lead} did: {@code CLAIMED} (the lead after the claim), a refusal it decided
     * ({@code REP_INACTIVE}, {@code NOT_IN_SCOPE}, {@code ADMIN_ONLY}, {@code HOLDING_LIMIT} with {@code held},
     * {@code CLAIM_QUOTA} with {@code taken}), {@code NOT_CLAIMED} (the conditional update changed nothing; the lead
     * as it is now), or {@code UNEXPECTED} (the lead was not as the claim expected it and is untouched;
     * {@code probe} tells how it is, without the pool's version and the tenant's settings when the lead is out of
     * the pool).
     */
    public record Outcome(String code, String tier, Long held, Long taken, Lead lead, Probe probe) {
    }

    /**
     * Where a claim expects its lead, and what its rules were worked out from.
     *
     * @param version        the lead's version when the claim saw the lead (its clocks are then that lead's); null
     *                       when it did not: the clocks are the pool's defaults, and the lead must not be in one of
     *                       {@code exemptStages} nor of one of {@code overrideLevels}
     * @param poolVersion    the pool's version the rules are of
     * @param timeZone       the tenant's settings the rules were read with, as the probe reports them
     */
    public record Expected(UUID poolId, Long version, Long poolVersion, String timeZone, String tiersJson,
            String[] exemptStages, String[] overrideLevels) {
    }

    /**
     * Everything the claim needs decided beforehand.
     *
     * @param scopeTeams null when the rep is in the pool's scope whatever their teams; else the teams that admit
     * @param limits     the holding limit by tier, {@code "*"} for every other tier; null for no limit
     * @param quota      the claim quota, null for none; {@code quotaSince} its window's start
     * @param event      the claim's event; {@code claim_lead} writes the lead's version after the claim into its data
     */
    public record Claim(String tenantId, UUID leadId, Expected expected, String repId, String repName,
            String rolesJson, String[] scopeTeams, boolean adminOnly, JsonObject limits, boolean countLocked,
            boolean countWon, Integer quota, Instant quotaSince, Instant cooldownStart, Instant embargoStart,
            Instant now, LeadClocks.Clocks clocks, UUID historyId, Outbox.Row event) {
    }

    /** claim_lead's 36 parameters, in the order of {@link #claim}. */
    private static final String CLAIM = "select o_outcome, o_tier, o_held, o_taken, o_lead, o_pool_version,"
            + " o_time_zone, o_tiers from claim_lead("
            + IntStream.rangeClosed(1, 36).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";

    private static final String PROBE = "select o_lead, o_pool_version, o_time_zone, o_tiers from claim_probe($1, $2)";

    private final Pool pool;
    private final String lockTimeout;

    public ClaimStatements(Pool pool,
            @ConfigProperty(name = "leadpool.db.lock-timeout", defaultValue = "5s") String lockTimeout) {
        this.pool = pool;
        this.lockTimeout = lockTimeout;
    }

    /** The lead of the tenant as it stands; null when the tenant has no such lead. */
    public Uni<Probe> probe(String tenantId, UUID leadId) {
        return pool.preparedQuery(PROBE).execute(Tuple.of(tenantId, leadId)).map(rows -> {
            Row r = first(rows);
            return r == null ? null
                    : new Probe(lead(r.getJsonObject(0)), r.getLong(1), r.getString(2), r.getString(3));
        });
    }

    /** What {@code claim_lead} did; null when the tenant has no such lead. */
    public Uni<Outcome> claim(Claim c) {
        LeadClocks.Clock f = c.clocks().followUp();
        LeadClocks.Clock g = c.clocks().progress();
        Outbox.Row e = c.event();
        Expected x = c.expected();
        List<Object> args = Arrays.asList(c.tenantId(), c.leadId(), x.poolId(), x.version(), x.poolVersion(),
                x.timeZone(), x.tiersJson(), x.exemptStages(), x.overrideLevels(), c.repId(), c.repName(),
                c.rolesJson(), c.scopeTeams(), c.adminOnly(), c.limits() == null ? null : c.limits().encode(),
                c.countLocked(), c.countWon(), c.quota(), time(c.quotaSince()), time(c.cooldownStart()),
                time(c.embargoStart()), time(c.now()),
                f == null ? null : time(f.dueAt()), f == null ? null : f.rule(), f == null ? null : time(f.remindAt()),
                g == null ? null : time(g.dueAt()), g == null ? null : g.rule(), g == null ? null : time(g.remindAt()),
                c.historyId(), e.id(), e.topic(), e.key(), e.type(), e.payload(), e.traceparent(), lockTimeout);
        return pool.preparedQuery(CLAIM).execute(Tuple.tuple(args)).map(rows -> {
            Row r = first(rows);
            if (r == null) {
                return null;
            }
            JsonObject lead = r.getJsonObject(4);
            Lead l = lead == null ? null : lead(lead);
            Probe probe = "UNEXPECTED".equals(r.getString(0))
                    ? new Probe(l, r.getLong(5), r.getString(6), r.getString(7)) : null;
            return new Outcome(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), l, probe);
        });
    }

    private static Row first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A lead from its row as {@code to_jsonb} writes it (snake_case columns, ISO timestamps with an offset). */
    static Lead lead(JsonObject j) {
        Lead l = new Lead();
        l.id = uuid(j, "id");
        l.tenantId = j.getString("tenant_id");
        l.poolId = uuid(j, "pool_id");
        l.state = LeadState.valueOf(j.getString("state"));
        l.ownerId = j.getString("owner_id");
        l.previousOwnerId = j.getString("previous_owner_id");
        l.intakeId = uuid(j, "intake_id");
        l.name = j.getString("name");
        l.company = j.getString("company");
        l.phone = j.getString("phone");
        l.email = j.getString("email");
        l.region = j.getString("region");
        l.industry = j.getString("industry");
        l.product = j.getString("product");
        l.channel = j.getString("channel");
        l.campaign = j.getString("campaign");
        JsonObject attributes = j.getJsonObject("attributes");
        if (attributes != null) {
            Map<String, String> map = new HashMap<>();
            attributes.forEach(a -> map.put(a.getKey(), a.getValue() == null ? null : String.valueOf(a.getValue())));
            l.attributes = map;
        }
        l.version = j.getLong("version");
        l.ownedSince = instant(j, "owned_since");
        l.lastFollowUpAt = instant(j, "last_follow_up_at");
        l.followUpDueAt = instant(j, "follow_up_due_at");
        l.followUpRule = j.getString("follow_up_rule");
        l.followUpRemindAt = instant(j, "follow_up_remind_at");
        l.stage = Stage.valueOf(j.getString("stage"));
        l.level = j.getString("level");
        l.progressSince = instant(j, "progress_since");
        l.progressDueAt = instant(j, "progress_due_at");
        l.progressRule = j.getString("progress_rule");
        l.progressRemindAt = instant(j, "progress_remind_at");
        l.pooledAt = instant(j, "pooled_at");
        l.returnedAt = instant(j, "returned_at");
        l.convertedAt = instant(j, "converted_at");
        l.accountId = uuid(j, "account_id");
        l.contactId = uuid(j, "contact_id");
        l.opportunityId = uuid(j, "opportunity_id");
        Number score = (Number) j.getValue("score");
        l.score = score == null ? null : score.doubleValue();
        l.scoreBand = j.getString("score_band");
        l.createdAt = instant(j, "created_at");
        l.updatedAt = instant(j, "updated_at");
        return l;
    }

    private static UUID uuid(JsonObject j, String key) {
        String s = j.getString(key);
        return s == null ? null : UUID.fromString(s);
    }

    private static Instant instant(JsonObject j, String key) {
        String s = j.getString(key);
        return s == null ? null : OffsetDateTime.parse(s).toInstant();
    }
}
