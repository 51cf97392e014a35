package io.leadpool.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (zonky embedded binaries) for the life of the test JVM. Its port is kept in
 * a system property so that every class loader of the JVM finds the same server. Its data directory and
 * port are chosen once, so that {@link #restart} brings the same data back on the same port.
 */
public final class TestPostgres {

    private static final String PORT_PROPERTY = "leadpool.test.postgres.port";
    public static final String OWNER_ROLE = "leadpool_owner";
    public static final String APP_ROLE = "leadpool";
    public static final String SYSTEM_ROLE = "leadpool_system";
    private static EmbeddedPostgres server;
    private static Path dataDirectory;
    private static int serverPort;

    private TestPostgres() {
    }

    public static synchronized int port() {
        String known = System.getProperty(PORT_PROPERTY);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try {
            dataDirectory = Files.createTempDirectory("leadpool-postgres-");
            serverPort = freePort();
            server = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "stop-postgres"));
        System.setProperty(PORT_PROPERTY, String.valueOf(serverPort));
        createRoles();
        return serverPort;
    }

    /**
     * The same server every time: its data directory (kept across starts, initialised the first time) and port.
     * No fsync (the tests need no durability against an operating system crash), but synchronous commits
     * (zonky's builder turns them off by default): a commit is in the operating system's hands before it is
     * acknowledged, so a crash of the server ({@link #restart}) loses none, as in production. Asynchronous
     * commits lose the last few, which the services rightly do not expect.
     */
    private static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(serverPort)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "off");
    }

    /**
     * Crashes the server as a power cut would, as far as the database can tell, and starts it again after
     * {@code down} on the same port with the same data: an immediate shutdown (SIGQUIT to the postmaster:
     * no checkpoint, every session cut, WAL replayed at the next start). SIGKILL is not used: it would leave
     * the backends running and holding the shared memory. Only the class loader that started the server
     * can restart it.
     */
    public static synchronized void restart(Duration down) {
        if (server == null) {
            throw new IllegalStateException("no PostgreSQL server was started by this class loader");
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            Process quit = new ProcessBuilder("kill", "-QUIT", String.valueOf(postmaster)).inheritIO().start();
            if (quit.waitFor() != 0) {
                throw new IllegalStateException("kill -QUIT " + postmaster + " failed");
            }
            ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            // Its pg_ctl stop finds no server (and logs so); it releases the data directory's lock, deletes nothing.
            server.close();
            Thread.sleep(down.toMillis());
            server = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart embedded PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
        }
    }

    /** Creates the database if it does not exist yet; returns its name. */
    public static String database(String name) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    // A UTF-8 ctype, as deploy/local makes them: pg_trgm reads Chinese only under one.
                    s.execute("create database \"" + name + "\" owner " + OWNER_ROLE + " template template0"
                            + " encoding 'UTF8' lc_collate 'C' lc_ctype 'C.UTF-8'");
                }
            }
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * The three roles a deployment has (as {@code deploy/local/up.sh} makes them): the owner that migrates,
     * the application role the service connects as (owns nothing, cannot bypass row-level security, does
     * not inherit the system role) and the system role the application may switch to for cross-tenant jobs.
     */
    private static void createRoles() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create role " + OWNER_ROLE + " login password '" + OWNER_ROLE + "'");
            s.execute("create role " + APP_ROLE + " login noinherit nobypassrls password '" + APP_ROLE + "'");
            s.execute("create role " + SYSTEM_ROLE + " nologin nobypassrls");
            s.execute("grant " + SYSTEM_ROLE + " to " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database roles", e);
        }
    }

    /** How a service connects: as the application role, with Flyway migrating as the owner. */
    public static java.util.Map<String, String> serviceConfig(String database) {
        return java.util.Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(database),
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", APP_ROLE,
                "quarkus.datasource.password", APP_ROLE,
                "quarkus.flyway.username", OWNER_ROLE,
                "quarkus.flyway.password", OWNER_ROLE);
    }

    /** A connection as the application role: what the services see. */
    public static Connection connectAsApplication(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), APP_ROLE, APP_ROLE);
    }

    /** A superuser connection: sees everything, for tests that inspect or arrange data. */
    public static Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    private static synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
            try (var paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
