package io.leadpool.platform.tx;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/** Recognises database failures that have a meaning in the domain. */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
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
