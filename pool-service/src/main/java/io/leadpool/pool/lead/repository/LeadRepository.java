package io.leadpool.pool.lead.repository;

import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Leads of a tenant. The ownership writes are single conditional updates: their {@code where} clause
 * is the rule, and zero rows updated means the rule did not hold at the moment of writing.
 */
@ApplicationScoped
public class LeadRepository implements PanacheRepositoryBase<Lead, UUID> {

    public Uni<Lead> findInTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
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
     * Claim: only a lead still in the pool it was seen in, out of its embargo, and not within the
     * caller's own cooldown can be taken, and only once.
     */
    public Uni<Integer> claim(String tenantId, UUID id, UUID poolId, String repId, Instant now, Instant dueAt,
            Instant cooldownStart, Instant embargoStart) {
        return update("state = :owned, ownerId = :rep, ownedSince = :now, lastFollowUpAt = null,"
                + " followUpDueAt = :due, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and poolId = :pool and state = :inPool"
                + " and (previousOwnerId is null or previousOwnerId <> :rep or returnedAt <= :cooldownStart)"
                + " and pooledAt <= :embargoStart",
                Parameters.with("owned", LeadState.OWNED).and("rep", repId).and("now", now).and("due", dueAt)
                        .and("tenant", tenantId).and("id", id).and("pool", poolId).and("inPool", LeadState.IN_POOL)
                        .and("cooldownStart", cooldownStart).and("embargoStart", embargoStart));
    }

    /** Assign: a manager or admin hands a lead still in the pool to a rep. */
    public Uni<Integer> assign(String tenantId, UUID id, UUID poolId, String repId, Instant now, Instant dueAt) {
        return update("state = :owned, ownerId = :rep, ownedSince = :now, lastFollowUpAt = null,"
                + " followUpDueAt = :due, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and poolId = :pool and state = :inPool",
                Parameters.with("owned", LeadState.OWNED).and("rep", repId).and("now", now).and("due", dueAt)
                        .and("tenant", tenantId).and("id", id).and("pool", poolId).and("inPool", LeadState.IN_POOL));
    }

    /** Transfer: an owned lead moves from the owner seen at {@code version} to another rep. */
    public Uni<Integer> transfer(String tenantId, UUID id, long version, String fromRep, String toRep, Instant now,
            Instant dueAt) {
        return update("state = :owned, previousOwnerId = ownerId, ownerId = :to, ownedSince = :now,"
                + " lastFollowUpAt = null, followUpDueAt = :due, returnedAt = :now, version = version + 1,"
                + " updatedAt = :now where tenantId = :tenant and id = :id and version = :version and ownerId = :from"
                + " and state in (:owned, :locked)",
                Parameters.with("to", toRep).and("now", now).and("due", dueAt).and("tenant", tenantId).and("id", id)
                        .and("version", version).and("from", fromRep).and("owned", LeadState.OWNED)
                        .and("locked", LeadState.LOCKED));
    }

    /** Release: the owner gives the lead back (locked or not), to its pool or another one. */
    public Uni<Integer> release(String tenantId, UUID id, String repId, UUID targetPoolId, Instant now) {
        return update("state = :inPool, previousOwnerId = ownerId, ownerId = null, ownedSince = null,"
                + " lastFollowUpAt = null, followUpDueAt = null, poolId = :target, pooledAt = :now, returnedAt = :now,"
                + " version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and ownerId = :rep and state in (:owned, :locked)",
                Parameters.with("inPool", LeadState.IN_POOL).and("target", targetPoolId).and("now", now)
                        .and("tenant", tenantId).and("id", id).and("rep", repId).and("owned", LeadState.OWNED)
                        .and("locked", LeadState.LOCKED));
    }

    /** How many leads a rep holds, in every pool of the tenant; locked ones only if they count. */
    public Uni<Long> countHeld(String tenantId, String repId, boolean countLocked) {
        return countLocked
                ? count("tenantId = ?1 and ownerId = ?2 and state in (?3, ?4)", tenantId, repId, LeadState.OWNED,
                        LeadState.LOCKED)
                : count("tenantId = ?1 and ownerId = ?2 and state = ?3", tenantId, repId, LeadState.OWNED);
    }

    public Uni<Long> countLocked(String tenantId, String repId) {
        return count("tenantId = ?1 and ownerId = ?2 and state = ?3", tenantId, repId, LeadState.LOCKED);
    }

    /**
     * Lock or unlock: the owner moves the lead between OWNED and LOCKED. A locked lead has no follow-up
     * deadline; an unlocked one gets a fresh one.
     */
    public Uni<Integer> changeLock(String tenantId, UUID id, String repId, LeadState from, LeadState to,
            Instant now, Instant dueAt) {
        return update("state = :to, followUpDueAt = :due, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and ownerId = :rep and state = :from",
                Parameters.with("to", to).and("due", dueAt).and("now", now).and("tenant", tenantId).and("id", id)
                        .and("rep", repId).and("from", from));
    }

    /**
     * Follow-up: only the owner moves the deadline, and only from the state it was seen in (a locked
     * lead is followed up too, but keeps having no deadline).
     */
    public Uni<Integer> followUp(String tenantId, UUID id, UUID poolId, String repId, LeadState seen, Instant now,
            Instant dueAt) {
        return update("lastFollowUpAt = :now, followUpDueAt = :due, version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and poolId = :pool and ownerId = :rep and state = :seen",
                Parameters.with("now", now).and("due", dueAt).and("tenant", tenantId).and("id", id)
                        .and("pool", poolId).and("rep", repId).and("seen", seen));
    }

    /**
     * Recycle: only if nothing happened since the scheduler looked ({@code version}) and the deadline
     * has really passed by this service's clock.
     */
    public Uni<Integer> recycle(String tenantId, UUID id, long version, Instant now) {
        return update("state = :inPool, previousOwnerId = ownerId, ownerId = null, ownedSince = null,"
                + " lastFollowUpAt = null, followUpDueAt = null, pooledAt = :now, returnedAt = :now,"
                + " version = version + 1, updatedAt = :now"
                + " where tenantId = :tenant and id = :id and version = :version and state = :owned"
                + " and followUpDueAt <= :now",
                Parameters.with("inPool", LeadState.IN_POOL).and("now", now).and("tenant", tenantId).and("id", id)
                        .and("version", version).and("owned", LeadState.OWNED));
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

    public Uni<List<Lead>> ownedBy(String tenantId, String repId) {
        return find("tenantId = ?1 and ownerId = ?2 order by followUpDueAt nulls last, id", tenantId, repId).list();
    }
}
