package io.leadpool.pool.lead.repository;

import io.leadpool.platform.tx.SqlRows;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks.Clock;
import io.leadpool.pool.lead.LeadClocks.Clocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Stage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leads of a tenant. The ownership writes are single conditional updates: their {@code where} clause
 * is the rule, and zero rows updated means the rule did not hold at the moment of writing. Every write
 * that starts, moves or stops a clock sets both clocks at once ({@link #CLOCKS}).
 */
@ApplicationScoped
public class LeadRepository implements PanacheRepositoryBase<Lead, UUID> {

    private static final String CLOCKS = "followUpDueAt = :fuDue, followUpRule = :fuRule,"
            + " followUpRemindAt = :fuRemind, progressDueAt = :prDue, progressRule = :prRule,"
            + " progressRemindAt = :prRemind";
    private static final String NEW_OWNER = "ownedSince = :now, lastFollowUpAt = null, progressSince = :now, ";
    private static final String BACK_TO_POOL = "state = :inPool, previousOwnerId = ownerId, ownerId = null,"
            + " ownedSince = null, lastFollowUpAt = null, progressSince = null, pooledAt = :now, returnedAt = :now, "
            + CLOCKS;

    private static final SqlRows.RecordSet NEW_LEADS = SqlRows.recordset("leads", "l", "id uuid", "tenant_id text",
            "pool_id uuid", "state text", "intake_id uuid", "name text", "company text", "phone text", "email text",
            "region text", "industry text", "product text", "channel text", "campaign text", "attributes jsonb",
            "version bigint", "stage text", "pooled_at timestamptz", "created_at timestamptz", "updated_at timestamptz",
            "score float8", "score_band text");

    private static final String INSERT_NEW = "insert into lead (id, tenant_id, pool_id, state, intake_id, name, company,"
            + " phone, email, region, industry, product, channel, campaign, attributes, version, stage, pooled_at,"
            + " created_at, updated_at, score, score_band) select * from " + NEW_LEADS.sql();

    /**
     * New leads, unowned and without clocks, in one statement per {@link SqlRows#CHUNK}. They do not join the
     * session: an import's batch would otherwise be hundreds of managed entities that every later flush of the
     * transaction walks through.
     */
    public Uni<Void> insertNew(List<Lead> created) {
        return SqlRows.inChunks(created, chunk -> {
            SqlRows.Records rows = NEW_LEADS.rows();
            for (Lead l : chunk) {
                rows.add(l.id, l.tenantId, l.poolId, l.state.name(), l.intakeId, l.name, l.company, l.phone, l.email,
                        l.region, l.industry, l.product, l.channel, l.campaign, l.attributes, l.version, l.stage.name(),
                        l.pooledAt, l.createdAt, l.updatedAt, l.score, l.scoreBand);
            }
            return Panache.getSession().chain(s -> s.createNativeQuery(INSERT_NEW)
                    .setParameter(NEW_LEADS.parameter(), rows.json())
                    .executeUpdate());
        });
    }

    public Uni<Lead> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The tenant's leads of these ids that exist, in one query; in no particular order. */
    public Uni<List<Lead>> findAllInTenant(String tenantId, List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("tenantId = ?1 and id in ?2", tenantId, ids);
    }

    /**
     * Reads a lead again after a conditional write changed it behind the session's back: the stale
     * instance leaves the session, the row is read fresh.
     */
    public Uni<Lead> reload(Lead lead) {
        return Panache.getSession().chain(s -> {
            if (s.contains(lead)) {
                s.detach(lead);
            }
            return findInTenant(lead.tenantId, lead.id);
        });
    }

    /**
     * Reads leads again after conditional writes changed them behind the session's back (see {@link #reload}),
     * in one query; in no particular order.
     */
    public Uni<List<Lead>> reloadAll(String tenantId, List<Lead> stale) {
        if (stale.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> {
            stale.stream().filter(s::contains).forEach(s::detach);
            return list("tenantId = ?1 and id in ?2", tenantId, stale.stream().map(l -> l.id).toList());
        });
    }

    /**
     * A pool's backlog for automatic distribution: its leads waiting in the pool past the embargo, oldest in the
     * pool first.
     */
    public Uni<List<Lead>> backlog(String tenantId, UUID poolId, Instant embargoStart, int limit) {
        return find("tenantId = ?1 and poolId = ?2 and state = ?3 and pooledAt <= ?4 order by pooledAt, id", tenantId,
                poolId, LeadState.IN_POOL, embargoStart).page(0, limit).list();
    }

    /**
     * Takes a lead for a rep, as a claim does ({@code lead_take}, migration V13: only a lead still in the pool it
     * was seen in, out of its embargo, and not within the rep's own cooldown, and only once). Automatic
     * distribution hands leads out with it; the claim calls the same function from {@code claim_lead}.
     */
    public Uni<Integer> claim(String tenantId, UUID id, UUID poolId, String repId, Instant now, Clocks clocks,
            Instant cooldownStart, Instant embargoStart) {
        Clock f = clocks.followUp();
        Clock g = clocks.progress();
        return Panache.getSession().chain(s -> s.createNativeQuery("select count(*) from lead_take(:t, :id, :pool,"
                + " null, :rep, :now, :fuDue, :fuRule, :fuRemind, :prDue, :prRule, :prRemind, :cooldownStart,"
                + " :embargoStart)", Long.class)
                .setParameter("t", tenantId).setParameter("id", id).setParameter("pool", poolId)
                .setParameter("rep", repId).setParameter("now", now)
                .setParameter("fuDue", f == null ? null : f.dueAt()).setParameter("fuRule", f == null ? null : f.rule())
                .setParameter("fuRemind", f == null ? null : f.remindAt())
                .setParameter("prDue", g == null ? null : g.dueAt()).setParameter("prRule", g == null ? null : g.rule())
                .setParameter("prRemind", g == null ? null : g.remindAt())
                .setParameter("cooldownStart", cooldownStart).setParameter("embargoStart", embargoStart)
                .getSingleResult()).map(Long::intValue);
    }

    /** Assign: a manager or admin hands a lead still in the pool to a rep. */
    public Uni<Integer> assign(String tenantId, UUID id, UUID poolId, String repId, Instant now, Clocks clocks) {
        return update("state = :owned, ownerId = :rep, " + NEW_OWNER + CLOCKS + ", version = version + 1,"
                + " updatedAt = :now where tenantId = :tenant and id = :id and poolId = :pool and state = :inPool",
                clocks(clocks, Parameters.with("owned", LeadState.OWNED).and("rep", repId).and("now", now)
                        .and("tenant", tenantId).and("id", id).and("pool", poolId).and("inPool", LeadState.IN_POOL)));
    }

    /** Transfer: an owned lead moves from the owner seen at {@code version} to another rep (unlocked). */
    public Uni<Integer> transfer(String tenantId, UUID id, long version, String fromRep, String toRep, Instant now,
            Clocks clocks) {
        return update("state = :owned, previousOwnerId = ownerId, ownerId = :to, " + NEW_OWNER + CLOCKS
                + ", returnedAt = :now, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and version = :version and ownerId = :from"
                + " and state in (:owned, :locked)",
                clocks(clocks, Parameters.with("to", toRep).and("now", now).and("tenant", tenantId).and("id", id)
                        .and("version", version).and("from", fromRep).and("owned", LeadState.OWNED)
                        .and("locked", LeadState.LOCKED)));
    }

    /** Release: the owner gives the lead back (locked or not), to its pool or another one. */
    public Uni<Integer> release(String tenantId, UUID id, String repId, UUID targetPoolId, Instant now) {
        return update(BACK_TO_POOL + ", poolId = :target, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and ownerId = :rep and state in (:owned, :locked)",
                clocks(Clocks.NONE, Parameters.with("inPool", LeadState.IN_POOL).and("target", targetPoolId)
                        .and("now", now).and("tenant", tenantId).and("id", id).and("rep", repId)
                        .and("owned", LeadState.OWNED).and("locked", LeadState.LOCKED)));
    }

    /**
     * A conflict's resolution ends a lead (MERGED or DISCARDED): no owner, no clocks, out of every
     * listing. Only once: an ended lead stays as it is.
     */
    public Uni<Integer> end(String tenantId, UUID id, LeadState end, Instant now) {
        return update("state = :end, previousOwnerId = ownerId, ownerId = null, ownedSince = null, " + CLOCKS
                + ", version = version + 1, updatedAt = :now where tenantId = :tenant and id = :id"
                + " and state not in (:merged, :discarded)",
                clocks(Clocks.NONE, Parameters.with("end", end).and("now", now).and("tenant", tenantId).and("id", id)
                        .and("merged", LeadState.MERGED).and("discarded", LeadState.DISCARDED)));
    }

    /**
     * How many leads a rep holds, in every pool of the tenant; locked ones only if they count, and leads
     * at stage WON only if they count.
     */
    public Uni<Long> countHeld(String tenantId, String repId, boolean countLocked, boolean countWon) {
        return heldBy(tenantId, List.of(repId), countLocked, countWon).map(held -> held.getOrDefault(repId, 0L));
    }

    /**
     * {@link #countHeld} of many reps at once; reps who hold none are absent. One rule, {@code lead_held}
     * (migration V13), for this and for {@code claim_lead}.
     */
    public Uni<Map<String, Long>> heldBy(String tenantId, List<String> repIds, boolean countLocked, boolean countWon) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select o_rep, o_held from lead_held(:t,"
                + " cast(:reps as text[]), :locked, :won)", Object[].class)
                .setParameter("t", tenantId).setParameter("reps", repIds.toArray(String[]::new)).setParameter("locked", countLocked)
                .setParameter("won", countWon).getResultList())
                .map(rows -> {
                    Map<String, Long> held = new HashMap<>();
                    for (Object[] r : rows) {
                        held.put((String) r[0], ((Number) r[1]).longValue());
                    }
                    return held;
                });
    }

    public Uni<Long> countLocked(String tenantId, String repId) {
        return count("tenantId = ?1 and ownerId = ?2 and state = ?3", tenantId, repId, LeadState.LOCKED);
    }

    /**
     * Lock or unlock: the owner moves the lead between OWNED and LOCKED. A locked lead has no clocks; an
     * unlocked one starts both afresh.
     */
    public Uni<Integer> changeLock(String tenantId, UUID id, String repId, LeadState from, LeadState to,
            Instant now, Clocks clocks) {
        return update("state = :to, " + CLOCKS + ", lastFollowUpAt = case when :to = :owned then null"
                + " else lastFollowUpAt end, ownedSince = case when :to = :owned then :now else ownedSince end,"
                + " progressSince = case when :to = :owned then :now else progressSince end,"
                + " version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and ownerId = :rep and state = :from",
                clocks(clocks, Parameters.with("to", to).and("owned", LeadState.OWNED).and("now", now)
                        .and("tenant", tenantId).and("id", id).and("rep", repId).and("from", from)));
    }

    /**
     * Follow-up: only the owner, and only on the lead as it was seen ({@code version}): the clocks written
     * were computed from that state.
     */
    public Uni<Integer> followUp(String tenantId, UUID id, long version, String repId, Instant now, Clocks clocks) {
        return update("lastFollowUpAt = :now, " + CLOCKS + ", version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and version = :version and ownerId = :rep",
                clocks(clocks, Parameters.with("now", now).and("tenant", tenantId).and("id", id)
                        .and("version", version).and("rep", repId)));
    }

    /** Stage: the owner moves the lead, seen at {@code version}, to another stage. */
    public Uni<Integer> changeStage(String tenantId, UUID id, long version, String repId, Stage stage,
            Instant progressSince, Instant now, Clocks clocks) {
        return update("stage = :stage, progressSince = :since, " + CLOCKS + ", version = version + 1,"
                + " updatedAt = :now where tenantId = :tenant and id = :id and version = :version and ownerId = :rep",
                clocks(clocks, Parameters.with("stage", stage).and("since", progressSince).and("now", now)
                        .and("tenant", tenantId).and("id", id).and("version", version).and("rep", repId)));
    }

    /** Level, or new rules: the clocks of the lead seen at {@code version} are set again from the same starts. */
    public Uni<Integer> reschedule(String tenantId, UUID id, long version, String level, Instant now,
            Clocks clocks) {
        return update("level = :level, " + CLOCKS + ", version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and version = :version",
                clocks(clocks, Parameters.with("level", level).and("now", now).and("tenant", tenantId)
                        .and("id", id).and("version", version)));
    }

    /**
     * Conversion: the lead seen at {@code version}, still owned (or locked) by {@code ownerId}, becomes
     * CONVERTED; it keeps its owner, its clocks stop.
     */
    public Uni<Integer> convert(String tenantId, UUID id, long version, String ownerId, UUID accountId,
            UUID contactId, UUID opportunityId, Instant now) {
        return update("state = :converted, " + CLOCKS + ", convertedAt = :now, accountId = :account,"
                + " contactId = :contact, opportunityId = :opportunity, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and version = :version and ownerId = :owner"
                + " and state in (:owned, :locked)",
                clocks(Clocks.NONE, Parameters.with("converted", LeadState.CONVERTED).and("now", now)
                        .and("account", accountId).and("contact", contactId).and("opportunity", opportunityId)
                        .and("tenant", tenantId).and("id", id).and("version", version).and("owner", ownerId)
                        .and("owned", LeadState.OWNED).and("locked", LeadState.LOCKED)));
    }

    /** What a bulk recycle changed: the lead after the change and the command that did it. */
    public record Recycled(UUID id, UUID poolId, String previousOwnerId, long version, String name, String company,
            String reason, Instant dueAt) {
    }

    /**
     * Recycles of one tenant in one statement: each only if nothing happened since the scheduler looked (the
     * version it saw), the lead is still owned and unlocked, and the named deadline passed by this
     * service's clock.
     * Returns the leads that went back; the others were stale.
     */
    public Uni<List<Recycled>> recycleAll(String tenantId, List<RecycleCommand> commands, Instant now) {
        SqlRows.Records rows = COMMANDS.rows();
        commands.forEach(c -> rows.add(c.leadId(), c.version(), c.progress(), c.reason(), c.dueAt()));
        String ids = SqlRows.uuidArray(commands.stream().map(RecycleCommand::leadId).toList());
        return Panache.getSession().chain(s -> s.createNativeQuery(RECYCLE_ALL, Object[].class).setParameter("now", now)
                .setParameter("t", tenantId).setParameter(COMMANDS.parameter(), rows.json()).setParameter("ids", ids)
                .getResultList())
                .map(found -> found.stream().map(r -> new Recycled(UUID.fromString((String) r[0]),
                        UUID.fromString((String) r[1]), (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                        (String) r[5], (String) r[6], io.leadpool.platform.tx.SqlValues.instant(r[7]))).toList());
    }

    private static final SqlRows.RecordSet COMMANDS = SqlRows.recordset("commands", "c", "id uuid", "version bigint",
            "progress boolean", "reason text", "due_at timestamptz");

    /** The ids are repeated as an array so that the leads are found by their key, whatever the statistics say. */
    private static final String RECYCLE_ALL = "update lead l set state = 'IN_POOL', previous_owner_id = l.owner_id,"
            + " owner_id = null, owned_since = null, last_follow_up_at = null, progress_since = null, pooled_at = :now,"
            + " returned_at = :now, follow_up_due_at = null, follow_up_rule = null, follow_up_remind_at = null,"
            + " progress_due_at = null, progress_rule = null, progress_remind_at = null,"
            + " version = l.version + 1, updated_at = :now from " + COMMANDS.sql()
            + " where l.tenant_id = :t and l.id = c.id and l.id = " + SqlRows.anyUuid("ids")
            + " and l.version = c.version and l.state = 'OWNED'"
            + " and (case when c.progress then l.progress_due_at else l.follow_up_due_at end) <= :now"
            + " returning cast(l.id as text), cast(l.pool_id as text), l.previous_owner_id, l.version, l.name,"
            + " l.company, c.reason, c.due_at";

    /** A recycle to apply: the lead, the version seen, which deadline passed, and when it was due. */
    public record RecycleCommand(UUID leadId, long version, boolean progress, String reason, Instant dueAt) {
    }

    /** A page of a pool's leads in one state, by id (UUIDv7: arrival order), after a cursor. */
    public Uni<List<Lead>> page(String tenantId, UUID poolId, LeadState state, UUID after, int limit) {
        String query = "tenantId = :tenant and poolId = :pool and state = :state"
                + (after == null ? "" : " and id > :after") + " order by id";
        Parameters p = Parameters.with("tenant", tenantId).and("pool", poolId).and("state", state);
        if (after != null) {
            p = p.and("after", after);
        }
        return find(query, p).page(0, limit).list();
    }

    /**
     * Where a page by score ends: the last lead's score (null: unscored) and id, written {@code 0.4312~<id>}
     * ({@code none~<id>} for an unscored lead).
     */
    public record Cursor(Double score, UUID id) {

        public static String of(Double score, UUID id) {
            return (score == null ? "none" : score.toString()) + "~" + id;
        }

        /** The cursor of {@code text} (a lead id when not by score), or null when it is none. */
        public static Cursor parse(String text, boolean byScore) {
            try {
                if (!byScore) {
                    return new Cursor(null, UUID.fromString(text));
                }
                int tilde = text.indexOf('~');
                if (tilde < 0) {
                    return null;
                }
                String s = text.substring(0, tilde);
                Double score = "none".equals(s) ? null : Double.valueOf(s);
                if (score != null && !(score >= 0 && score <= 1)) {
                    return null;
                }
                return new Cursor(score, UUID.fromString(text.substring(tilde + 1)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A page of a pool's leads in one state, best score first (unscored last), then by id, after a cursor. */
    public Uni<List<Lead>> pageByScore(String tenantId, UUID poolId, LeadState state, Cursor after, int limit) {
        String query = "tenantId = :tenant and poolId = :pool and state = :state";
        Parameters p = Parameters.with("tenant", tenantId).and("pool", poolId).and("state", state);
        if (after != null && after.score() != null) {
            query += " and (score < :score or (score = :score and id > :after) or score is null)";
            p = p.and("score", after.score()).and("after", after.id());
        } else if (after != null) {
            query += " and score is null and id > :after";
            p = p.and("after", after.id());
        }
        return find(query + " order by score desc nulls last, id", p).page(0, limit).list();
    }

    public Uni<List<Lead>> ownedBy(String tenantId, String repId) {
        return find("tenantId = ?1 and ownerId = ?2 and state in (?3, ?4) order by followUpDueAt nulls last, id",
                tenantId, repId, LeadState.OWNED, LeadState.LOCKED).list();
    }

    /** The unlocked owned leads that came from a pool: those whose clocks follow its rules. */
    public Uni<List<Lead>> ownedFromPool(String tenantId, UUID poolId) {
        return find("tenantId = ?1 and poolId = ?2 and state = ?3 order by id", tenantId, poolId, LeadState.OWNED)
                .list();
    }

    private static Parameters clocks(Clocks clocks, Parameters p) {
        Clock f = clocks.followUp();
        Clock g = clocks.progress();
        return p.and("fuDue", f == null ? null : f.dueAt()).and("fuRule", f == null ? null : f.rule())
                .and("fuRemind", f == null ? null : f.remindAt()).and("prDue", g == null ? null : g.dueAt())
                .and("prRule", g == null ? null : g.rule()).and("prRemind", g == null ? null : g.remindAt());
    }
}
