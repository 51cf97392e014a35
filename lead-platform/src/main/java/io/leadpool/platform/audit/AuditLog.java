package io.leadpool.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records admin actions in {@code audit_log}, inside the caller's transaction: the action and its entry
 * commit together or not at all. Call it from within {@code TenantTransactions.inTenant(actor.tenantId(), …)}:
 * the entry is written through the same Panache session, and only when that transaction is bound to the
 * actor's tenant ({@code app.tenant_id}); anywhere else it fails (and with it the action) rather than
 * write an entry no one of the tenant could read under row-level security.
 */
@ApplicationScoped
public class AuditLog {

    private static final int MAX_TEXT = 200;

    private final ObjectMapper json;
    private final String service;

    public AuditLog(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.json = json;
        this.service = service;
    }

    /**
     * A JSON snapshot of a value as it is now (as the REST layer would render it). Take the "before" side
     * with this before changing a managed entity: the snapshot does not follow later changes.
     */
    public JsonNode snapshot(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof JsonNode node ? node : json.valueToTree(value);
    }

    /**
     * Adds an entry to the current transaction.
     *
     * @param actor      who acted (tenant, user id and name come from the verified token)
     * @param action     what was done, e.g. {@code POOL_UPDATED}
     * @param targetType the kind of object, e.g. {@code pool}
     * @param targetId   the object's id
     * @param before     the object before (null for a creation); a {@link JsonNode} from {@link #snapshot} or any
     *                   value Jackson can render
     * @param after      the object after (null for a deletion)
     */
    public Uni<Void> record(Actor actor, String action, String targetType, Object targetId, Object before,
            Object after) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(targetId, "targetId");
        String beforeJson = write(before);
        String afterJson = write(after);
        // Null sides are literals, so no parameter is ever bound without a type.
        String sql = "insert into audit_log (id, tenant_id, at, actor_id, actor_name, action, target_type, target_id,"
                + " before, after, service) select cast(:id as uuid), :tenant, cast(:at as timestamptz), :actorId,"
                + " :actorName, :action, :targetType, :targetId, "
                + (beforeJson == null ? "null" : "cast(cast(:before as text) as jsonb)") + ", "
                + (afterJson == null ? "null" : "cast(cast(:after as text) as jsonb)") + ", :service"
                // Only inside a transaction bound to the actor's tenant (TenantTransactions.inTenant).
                + " where current_setting('app.tenant_id', true) = :tenant";
        return Panache.getSession().chain(session -> {
            if (session.currentTransaction() == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "audit entries are written in the action's transaction; there is none"));
            }
            var query = session.createNativeQuery(sql)
                    .setParameter("id", Uuid7.next())
                    .setParameter("tenant", actor.tenantId())
                    .setParameter("at", DbClock.now())
                    .setParameter("actorId", clip(actor.userId()))
                    .setParameter("actorName", clip(actor.username() == null ? actor.userId() : actor.username()))
                    .setParameter("action", action)
                    .setParameter("targetType", targetType)
                    .setParameter("targetId", clip(String.valueOf(targetId)))
                    .setParameter("service", service);
            if (beforeJson != null) {
                query.setParameter("before", beforeJson);
            }
            if (afterJson != null) {
                query.setParameter("after", afterJson);
            }
            return query.executeUpdate();
        }).chain(rows -> rows == 1 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new IllegalStateException("audit entry of " + action
                        + " not written: the transaction is not bound to tenant " + actor.tenantId())));
    }

    private String write(Object value) {
        JsonNode node = snapshot(value);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit snapshot", e);
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
