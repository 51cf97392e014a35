package io.leadpool.pool.rep.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.RepProfile;
import io.leadpool.platform.tx.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Reps become known from their token: the first call of a user records them, later calls refresh them. */
@ApplicationScoped
public class RepRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROFILE = "r.id, r.username, r.tier, r.active, cast(r.skills as text),"
            + " cast(r.teams as text), cast(r.roles as text), r.away_until, ";
    private static final String COLUMNS = PROFILE + "(select count(*) from lead l where l.tenant_id = r.tenant_id"
            + " and l.owner_id = r.id and l.state in ('OWNED', 'LOCKED')), r.created_at, r.last_seen_at";
    /** Without the count of held leads: what the claim path reads under the lock, many times a second. */
    private static final String LOCK_COLUMNS = PROFILE + "null, r.created_at, r.last_seen_at";

    /** Records the caller as a rep of the tenant, or refreshes their name, roles and last sight. */
    public Uni<Void> remember(Actor actor) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into rep (tenant_id, id, username,"
                + " roles, created_at, last_seen_at) values (:t, :id, :name, cast(cast(:roles as text) as jsonb),"
                + " now(), now())"
                + " on conflict (tenant_id, id) do update set username = excluded.username, roles = excluded.roles,"
                + " last_seen_at = now()"
                // A rep seen a minute ago is not written again: claims do not rewrite the rep's row each time.
                + " where rep.username is distinct from excluded.username or rep.roles is distinct from excluded.roles"
                + " or rep.last_seen_at < now() - interval '1 minute'")
                .setParameter("t", actor.tenantId())
                .setParameter("id", actor.userId())
                .setParameter("name", name(actor))
                .setParameter("roles", roles(actor))
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Locks the rep's row until the transaction ends and returns the rep. Every change that adds to a
     * rep's book takes this lock first, so limits counted under it cannot be overrun by parallel claims.
     * Null when the tenant has no such rep.
     */
    public Uni<Rep> lock(String tenantId, String repId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + LOCK_COLUMNS
                + " from rep r where r.tenant_id = :t and r.id = :id for update", Object[].class)
                .setParameter("t", tenantId).setParameter("id", repId)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : toRep(row));
    }

    public Uni<Rep> find(String tenantId, String repId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS
                + " from rep r where r.tenant_id = :t and r.id = :id", Object[].class)
                .setParameter("t", tenantId).setParameter("id", repId)
                .getSingleResultOrNull())
                .map(row -> row == null ? null : toRep(row));
    }

    /**
     * The reps automatic distribution may consider: active sales reps of the tenant, not on leave at {@code now}
     * (not locked; the caller locks those it keeps with {@link #lockAll}).
     */
    public Uni<List<Rep>> distributable(String tenantId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + LOCK_COLUMNS
                + " from rep r where r.tenant_id = :t and r.active and (r.away_until is null or r.away_until <= :now)"
                + " and r.roles @> cast('[\"sales-rep\"]' as jsonb) order by r.id", Object[].class)
                .setParameter("t", tenantId).setParameter("now", now).getResultList())
                .map(rows -> rows.stream().map(RepRepository::toRep).toList());
    }

    /**
     * Locks the reps' rows, in id order (so two transactions locking overlapping sets cannot deadlock), and
     * returns them as they are now: what a claim of each would lock, all at once.
     */
    public Uni<List<Rep>> lockAll(String tenantId, List<String> repIds) {
        if (repIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + LOCK_COLUMNS
                + " from rep r where r.tenant_id = :t and r.id in (:ids) order by r.id for update", Object[].class)
                .setParameter("t", tenantId).setParameter("ids", repIds).getResultList())
                .map(rows -> rows.stream().map(RepRepository::toRep).toList());
    }

    public Uni<List<Rep>> list(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS
                + " from rep r where r.tenant_id = :t order by r.username", Object[].class)
                .setParameter("t", tenantId).getResultList())
                .map(rows -> rows.stream().map(RepRepository::toRep).toList());
    }

    /**
     * Text parameters are cast to text first: a string bound straight to jsonb would be stored as a JSON string.
     * An absent leave is a literal null, so no parameter is bound without a type.
     */
    public Uni<Integer> update(String tenantId, String repId, RepProfile profile) {
        boolean away = profile.awayUntil() != null;
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("update rep set tier = :tier, active = :active,"
                    + " skills = cast(cast(:skills as text) as jsonb), teams = cast(cast(:teams as text) as jsonb),"
                    + " away_until = " + (away ? ":away" : "null") + ", updated_at = now()"
                    + " where tenant_id = :t and id = :id")
                    .setParameter("tier", profile.tier()).setParameter("active", profile.active())
                    .setParameter("skills", write(profile.skills())).setParameter("teams", write(profile.teams()))
                    .setParameter("t", tenantId).setParameter("id", repId);
            if (away) {
                q.setParameter("away", profile.awayUntil());
            }
            return q.executeUpdate();
        });
    }

    private static Rep toRep(Object[] r) {
        return new Rep((String) r[0], (String) r[1], (String) r[2], (Boolean) r[3],
                read((String) r[4], new TypeReference<RepProfile.Skills>() {
                }), read((String) r[5], new TypeReference<List<String>>() {
                }), r[6] == null ? null : read((String) r[6], new TypeReference<List<String>>() {
                }), SqlValues.instant(r[7]), r[8] == null ? null : ((Number) r[8]).longValue(),
                SqlValues.instant(r[9]), SqlValues.instant(r[10]));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rep column: " + json, e);
        }
    }

    /** The name a rep is remembered by: their username, or their id when the token has none. */
    public static String name(Actor actor) {
        return actor.username() == null ? actor.userId() : actor.username();
    }

    /** The rep's roles as they are remembered: a sorted JSON array. */
    public static String roles(Actor actor) {
        return write(actor.roles().stream().sorted().toList());
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
