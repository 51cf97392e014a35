package io.leadpool.e2e;

import io.leadpool.e2e.Suite.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the chaos scenarios check at the end, read from the services' databases: a lead's state in pool-service
 * (the source of truth) against what its events did elsewhere. Each check returns what is wrong (empty: all
 * well), so a test can wait for the consumers to catch up and then show every discrepancy at once.
 */
final class Invariants {

    private Invariants() {
    }

    /**
     * Leads (of tenant acme, {@code filter} on the pool's {@code lead l}) whose profile in dedup does not show
     * the state, owner and version of the lead's last event: an event dedup never applied, or applied out of
     * order. Dedup applies an event only if it is newer than what it holds, so one applied twice changes nothing.
     */
    static List<String> profilesBehindThePool(Suite suite, String filter) throws SQLException {
        return differences(suite, "select l.id::text, l.state || '/' || coalesce(l.owner_id, '') || '/' || l.version"
                + " from lead l where l.tenant_id = 'acme' and " + filter, Service.DEDUP,
                "select lead_id::text, state || '/' || coalesce(owner_id, '') || '/' || version from lead_profile"
                        + " where tenant_id = 'acme'");
    }

    /**
     * Owned leads (of tenant acme, {@code filter} on {@code lead l}) whose follow-up deadline the scheduler does
     * not track at the lead's owner and version: a claim event the scheduler lost.
     */
    static List<String> ownedLeadsTheSchedulerLost(Suite suite, String filter) throws SQLException {
        return differences(suite, "select l.id::text, l.owner_id || '/' || l.version from lead l where l.tenant_id = 'acme'"
                + " and l.state = 'OWNED' and l.follow_up_due_at is not null and " + filter, Service.SCHEDULER,
                "select lead_id::text, owner_id || '/' || version from deadline where tenant_id = 'acme'"
                        + " and kind = 'FOLLOW_UP' and due_at is not null");
    }

    /** The leads (id, value) of the pool's query whose value the other service's query (id, value) does not repeat. */
    private static List<String> differences(Suite suite, String poolSql, Service other, String otherSql) throws SQLException {
        Map<String, String> here = rows(suite, Service.POOL, poolSql);
        if (here.isEmpty()) { // a check of nothing would pass whatever happened
            return List.of("no lead of the pool matched: " + poolSql);
        }
        Map<String, String> there = rows(suite, other, otherSql);
        List<String> different = new ArrayList<>();
        here.forEach((id, value) -> {
            if (!value.equals(there.get(id))) {
                different.add(id + ": pool " + value + ", " + other.module + " " + there.get(id));
            }
        });
        return different;
    }

    private static Map<String, String> rows(Suite suite, Service service, String sql) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = suite.database(service); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }
}
