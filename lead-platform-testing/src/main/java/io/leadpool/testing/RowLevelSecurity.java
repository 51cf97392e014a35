package io.leadpool.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the database's second wall, made from outside the service: the catalog (every table
 * tenant-scoped, forced row-level security, the application role unable to escape) and what the
 * application role actually sees when it asks for every row of a table with no tenant filter of its own.
 */
public final class RowLevelSecurity {

    private RowLevelSecurity() {
    }

    /** Every table but Flyway's has tenant_id, ENABLE + FORCE row-level security and the tenant policy. */
    public static List<String> assertEveryTableIsolated(String database) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = TestPostgres.connect(database); ResultSet rs = c.createStatement().executeQuery("""
                select c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
                       exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                               and not a.attisdropped),
                       exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation')
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'flyway_schema_history'
                order by 1""")) {
            while (rs.next()) {
                String table = rs.getString(1);
                check(rs.getBoolean(5), table + " has no tenant_id");
                check(rs.getBoolean(2) && rs.getBoolean(3), table + " does not force row-level security");
                check(rs.getBoolean(6), table + " has no tenant_isolation policy");
                check(!TestPostgres.APP_ROLE.equals(rs.getString(4)), table + " is owned by the application role");
                tables.add(table);
            }
        }
        check(!tables.isEmpty(), "no tables in " + database);
        try (Connection c = TestPostgres.connect(database); ResultSet rs = c.createStatement().executeQuery(
                "select rolsuper, rolbypassrls, rolinherit, rolcreaterole, rolcreatedb from pg_roles where rolname = '"
                        + TestPostgres.APP_ROLE + "'")) {
            check(rs.next(), "no application role");
            check(!rs.getBoolean(1) && !rs.getBoolean(2), "the application role can bypass row-level security");
            check(!rs.getBoolean(3), "the application role inherits the system role's rights without switching");
            check(!rs.getBoolean(4) && !rs.getBoolean(5), "the application role can create roles or databases");
        }
        return tables;
    }

    /**
     * Row counts per tenant of {@code table} as the application role sees them with {@code select *} and
     * no where clause, inside a transaction bound to {@code tenant} exactly as the services bind theirs
     * ({@code tenant} null: a transaction that bound none).
     */
    public static Map<String, Integer> visibleRows(String database, String table, String tenant) throws SQLException {
        try (Connection c = TestPostgres.connectAsApplication(database)) {
            c.setAutoCommit(false);
            if (tenant != null) {
                try (PreparedStatement bind = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                    bind.setString(1, tenant);
                    bind.execute();
                }
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select tenant_id, count(*) from " + table + " group by 1 order by 1")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            c.rollback();
            return counts;
        }
    }

    /** Row counts per tenant as the superuser sees them: the truth to compare with. */
    public static Map<String, Integer> allRows(String database, String table) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = TestPostgres.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select tenant_id, count(*) from " + table + " group by 1 order by 1")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    /**
     * Runs {@code sql} as the application role in a transaction bound to {@code tenant} and returns the
     * SQLSTATE it failed with, or null if it succeeded (it is rolled back either way).
     */
    public static String failureOf(String database, String tenant, String... sql) throws SQLException {
        try (Connection c = TestPostgres.connectAsApplication(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement bind = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant);
                bind.execute();
            }
            try (Statement s = c.createStatement()) {
                for (String statement : sql) {
                    s.execute(statement);
                }
                return null;
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                c.rollback();
            }
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
