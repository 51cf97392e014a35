package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.newLead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.RowLevelSecurity;
import io.leadpool.testing.TestPostgres;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database's own wall: with the service's tenant filters taken away (plain {@code select *}), the
 * application role still sees only the tenant its transaction is bound to, and cannot lift the wall.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class RowLevelSecurityTest {

    private static final String DB = "service";
    private static final String[] TENANT_TABLES = {"lead", "lead_history", "pool", "inbox"};

    @Inject
    TenantTransactions tx;

    @BeforeEach
    void two_tenants_have_leads() {
        newLead("acme");
        newLead("globex");
    }

    @Test
    void every_table_is_tenant_scoped_with_forced_row_level_security() throws Exception {
        List<String> tables = RowLevelSecurity.assertEveryTableIsolated(DB);
        assertTrue(tables.containsAll(List.of("lead", "lead_history", "pool", "rep", "outbox", "inbox")), tables::toString);
    }

    @Test
    void the_application_role_sees_only_its_transactions_tenant_without_any_filter_of_its_own() throws Exception {
        for (String table : TENANT_TABLES) {
            Map<String, Integer> truth = RowLevelSecurity.allRows(DB, table);
            assertTrue(truth.containsKey("acme") && truth.containsKey("globex"), table + " holds both tenants: " + truth);
            assertEquals(Map.of(), RowLevelSecurity.visibleRows(DB, table, null), table + " with no tenant bound");
            for (String tenant : List.of("acme", "globex")) {
                assertEquals(Map.of(tenant, truth.get(tenant)), RowLevelSecurity.visibleRows(DB, table, tenant), table);
            }
            assertEquals(Map.of(), RowLevelSecurity.visibleRows(DB, table, "acme' or 'x' = 'x"), table);
        }
    }

    @Test
    void the_services_own_connections_see_one_tenant_through_an_unfiltered_query() throws Throwable {
        List<String> seen = VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("globex",
                () -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select distinct tenant_id from lead", String.class).getResultList())));
        assertEquals(List.of("globex"), seen);
    }

    @Test
    void the_claims_statements_bind_their_tenant_for_their_own_transaction_only() throws Exception {
        UUID globexLead = newLead("globex");
        try (Connection c = TestPostgres.connectAsApplication(DB)) {
            c.setAutoCommit(true); // as the service runs them: each statement its own transaction
            assertEquals(0, rows(c, "select * from claim_probe('acme', ?)", globexLead), "another tenant's lead");
            assertEquals(1, rows(c, "select * from claim_probe('globex', ?)", globexLead));
            assertEquals(0, rows(c, "select * from lead", null), "the connection keeps no tenant afterwards");
        }
    }

    private static int rows(Connection c, String sql, UUID parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setObject(1, parameter);
            }
            int n = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    @Test
    void the_application_role_cannot_write_into_another_tenant_nor_lift_the_wall() throws Exception {
        String insufficientPrivilege = "42501";
        String checkViolation = "42501";
        assertEquals(checkViolation, RowLevelSecurity.failureOf(DB, "acme", "update lead set tenant_id = 'globex'"));
        assertEquals(checkViolation, RowLevelSecurity.failureOf(DB, "acme",
                "insert into outbox (id, tenant_id, topic, message_key, event_type, payload)"
                        + " values (gen_random_uuid(), 'globex', 't', 'k', 'x', '{}')"));
        assertEquals(insufficientPrivilege, RowLevelSecurity.failureOf(DB, "acme",
                "alter table lead no force row level security"));
        assertEquals(insufficientPrivilege, RowLevelSecurity.failureOf(DB, "acme", "drop policy tenant_isolation on lead"));
        assertEquals(insufficientPrivilege, RowLevelSecurity.failureOf(DB, "acme", "set row_security = off",
                "select * from lead"));
        assertEquals(insufficientPrivilege, RowLevelSecurity.failureOf(DB, "acme", "set role postgres"));
        // The system role reaches every tenant only where a system job must: the outbox, not the leads.
        assertEquals(insufficientPrivilege, RowLevelSecurity.failureOf(DB, "acme", "set local role leadpool_system",
                "select count(*) from lead"));
        assertNull(RowLevelSecurity.failureOf(DB, "acme", "set local role leadpool_system", "select count(*) from outbox"));
    }
}
