package io.leadpool.platform.tx;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/** Recognises database failures that have a meaning in the domain. */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    /** lock_not_available (lock_timeout), query_canceled (statement_timeout), admin/crash shutdown, cannot connect now. */
    private static final java.util.Set<String> BUSY = java.util.Set.of("55P03", "57014", "57P01", "57P02", "57P03");

    /** How the SQL client fails a statement sent on a connection that is closed or closing. */
    private static final String CONNECTION_NOT_ACTIVE = "Connection is not active now";

    private Failures() {
    }

    /**
     * True when the database could not serve the statement for now — a lock held too long by another
     * session, a server restarting, a refused connection, a connection the server reset or dropped
     * mid-statement (it crashed or was restarted) — rather than refusing it for what it is: the client
     * may retry the same request.
     */
    public static boolean isDatabaseBusy(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String state = c instanceof PgException pg ? pg.getSqlState()
                    : c instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (BUSY.contains(state) || state.startsWith("08"))) {
                return true;
            }
            // The server went away: the connection refused (a ConnectException is a SocketException), reset or closed.
            if (c instanceof java.net.SocketException || c instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            // A statement sent on a connection the server has already dropped: the SQL client fails it with a
            // bare Throwable (Vert.x 4's NoStackTraceThrowable), known only by its message.
            if (c.getMessage() != null && c.getMessage().startsWith(CONNECTION_NOT_ACTIVE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a unique constraint (or index) of that name refused the write, whether the failure comes
     * straight from the reactive client or wrapped by Hibernate.
     */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String state = c instanceof PgException pg ? pg.getSqlState()
                    : c instanceof SQLException sql ? sql.getSQLState() : null;
            if (UNIQUE_VIOLATION.equals(state)) {
                return constraint == null || (c.getMessage() != null && c.getMessage().contains(constraint))
                        || (c instanceof PgException pg && constraint.equals(pg.getConstraint()));
            }
        }
        return false;
    }
}
