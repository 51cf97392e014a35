package io.leadpool.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.RowLevelSecurity;
import io.leadpool.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dedup's tables behind row-level security, and the company search's one door around it. */
@QuarkusTest
@WithTestResource(RealServers.class)
class RowLevelSecurityTest {

    private static final String DB = "service";
    private static final String COMPANY = "rls probe trading";

    @BeforeEach
    void both_tenants_know_the_same_company() throws Exception {
        try (Connection c = TestPostgres.connect(DB); Statement s = c.createStatement()) {
            for (String tenant : List.of("acme", "globex")) {
                s.execute("insert into lead_profile (tenant_id, lead_id, company, company_key, core_key)"
                        + " values ('" + tenant + "', '" + UUID.randomUUID() + "', 'RLS Probe Trading', '" + COMPANY
                        + "', '" + COMPANY + "')");
            }
        }
    }

    @Test
    void every_table_is_tenant_scoped_with_forced_row_level_security() throws Exception {
        List<String> tables = RowLevelSecurity.assertEveryTableIsolated(DB);
        assertTrue(tables.containsAll(List.of("identity_key", "lead_profile", "conflict", "dedup_policy")), tables::toString);
    }

    @Test
    void the_application_role_sees_only_its_transactions_tenant() throws Exception {
        Map<String, Integer> truth = RowLevelSecurity.allRows(DB, "lead_profile");
        assertEquals(Map.of(), RowLevelSecurity.visibleRows(DB, "lead_profile", null));
        assertEquals(Map.of("acme", truth.get("acme")), RowLevelSecurity.visibleRows(DB, "lead_profile", "acme"));
    }

    @Test
    void the_company_search_answers_only_for_the_tenant_the_transaction_is_bound_to() throws Exception {
        assertEquals(List.of("acme"), candidateTenants("acme", "acme"));
        assertEquals(List.of(), candidateTenants("acme", "globex"), "asked for another tenant's companies");
        assertEquals(List.of(), candidateTenants(null, "acme"), "no tenant bound");
    }

    /** Tenants of the leads company_candidates_all returns for {@code asked}, called as the application role. */
    private static List<String> candidateTenants(String bound, String asked) throws Exception {
        try (Connection c = TestPostgres.connectAsApplication(DB)) {
            c.setAutoCommit(false);
            if (bound != null) {
                c.createStatement().execute("select set_config('app.tenant_id', '" + bound + "', true)");
            }
            List<String> tenants = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("select m.lead_id from company_candidates_all(?, ?, 50) m")) {
                q.setString(1, asked);
                q.setString(2, "[{\"i\": 0, \"k\": \"" + COMPANY + "\", \"f\": \"" + COMPANY + "\", \"r\": null}]");
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        tenants.add(tenantOf(rs.getString(1)));
                    }
                }
            }
            c.rollback();
            return tenants.stream().distinct().toList();
        }
    }

    private static String tenantOf(String leadId) throws Exception {
        try (Connection c = TestPostgres.connect(DB); ResultSet rs = c.createStatement().executeQuery(
                "select tenant_id from lead_profile where lead_id = '" + leadId + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
