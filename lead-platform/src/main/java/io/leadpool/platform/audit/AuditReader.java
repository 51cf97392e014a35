package io.leadpool.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadpool.platform.tx.SqlValues;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a tenant's audit entries, newest first, paged by (at, id). Runs in the caller's tenant transaction.
 */
@ApplicationScoped
public class AuditReader {

    private final ObjectMapper json;

    public AuditReader(ObjectMapper json) {
        this.json = json;
    }

    public Uni<AuditEntry.Page> list(String tenantId, AuditQuery q) {
        StringBuilder sql = new StringBuilder("select id, at, actor_id, actor_name, action, target_type, target_id,"
                + " cast(before as text), cast(after as text), service from audit_log where tenant_id = :tenant");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenantId);
        if (q.action() != null) {
            sql.append(" and action = :action");
            params.put("action", q.action());
        }
        if (q.targetType() != null) {
            sql.append(" and target_type = :targetType");
            params.put("targetType", q.targetType());
        }
        if (q.targetId() != null) {
            sql.append(" and target_id = :targetId");
            params.put("targetId", q.targetId());
        }
        if (q.actor() != null) {
            sql.append(" and (actor_id = :actor or actor_name = :actor)");
            params.put("actor", q.actor());
        }
        if (q.from() != null) {
            sql.append(" and at >= :from");
            params.put("from", q.from());
        }
        if (q.to() != null) {
            sql.append(" and at < :to");
            params.put("to", q.to());
        }
        if (q.after() != null) {
            sql.append(" and (at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid))");
            params.put("afterAt", q.after().at());
            params.put("afterId", q.after().id());
        }
        // One more than asked: whether a next page exists, without counting.
        sql.append(" order by at desc, id desc limit ").append(q.limit() + 1);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class);
            params.forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> {
            List<AuditEntry> items = new ArrayList<>();
            for (int i = 0; i < Math.min(rows.size(), q.limit()); i++) {
                items.add(entry(rows.get(i)));
            }
            String next = rows.size() > q.limit() && !items.isEmpty()
                    ? new AuditQuery.Cursor(items.get(items.size() - 1).at(), items.get(items.size() - 1).id()).encode()
                    : null;
            return new AuditEntry.Page(items, next);
        });
    }

    private AuditEntry entry(Object[] r) {
        UUID id = r[0] instanceof UUID u ? u : UUID.fromString(String.valueOf(r[0]));
        return new AuditEntry(id, SqlValues.instant(r[1]), new AuditEntry.Who((String) r[2], (String) r[3]),
                (String) r[4], new AuditEntry.What((String) r[5], (String) r[6]), read((String) r[7]),
                read((String) r[8]), (String) r[9]);
    }

    private JsonNode read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit snapshot", e);
        }
    }
}
