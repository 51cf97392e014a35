package io.leadpool.testing.security;

import io.leadpool.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * Proves that a request wrote nothing. PostgreSQL gives a transaction an id only when it writes (a row,
 * a lock on a row, a catalog entry), and the next id to be given is the {@code xmax} of any snapshot.
 * If it is the same before and after a request, no transaction anywhere in the server wrote anything
 * in between, the request's own included. Background work (a relay, a consumer, autovacuum's analyze)
 * can also take ids; then the request is sent again, and one run without any new id is the proof.
 */
public final class Writes {

    private final String database;

    public Writes(String database) {
        this.database = database;
    }

    /** The answer of a run during which nothing was written; null when every attempt saw a write. */
    public Answer nothingWritten(Supplier<Answer> call, int attempts) {
        for (int i = 0; i < attempts; i++) {
            long before = nextXid();
            Answer a = call.get();
            if (nextXid() == before) {
                return a;
            }
            sleep(200L * (i + 1));
        }
        return null;
    }

    public long nextXid() {
        try (Connection c = TestPostgres.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_snapshot_xmax(pg_current_snapshot())::text")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the transaction counter", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
