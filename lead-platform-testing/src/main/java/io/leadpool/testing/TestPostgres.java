package io.leadpool.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (zonky embedded binaries) for the life of the test JVM. Its port is kept in
 * a system property so that every class loader of the JVM finds the same server.
 */
public final class TestPostgres {

    private static final String PORT_PROPERTY = "leadpool.test.postgres.port";
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    public static synchronized int port() {
        String known = System.getProperty(PORT_PROPERTY);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "stop-postgres"));
        System.setProperty(PORT_PROPERTY, String.valueOf(server.getPort()));
        return server.getPort();
    }

    /** Creates the database if it does not exist yet; returns its name. */
    public static String database(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    // A UTF-8 ctype, as deploy/local makes them: pg_trgm reads Chinese only under one.
                    s.execute("create database \"" + name + "\" template template0 encoding 'UTF8'"
                            + " lc_collate 'C' lc_ctype 'C.UTF-8'");
                }
            }
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public static Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    private static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }
}
