package io.leadpool.platform.tx;

import io.vertx.pgclient.PgException;

/** Recognises database failures that have a meaning in the domain. */
public final class Failures {

    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    /** True when a unique constraint (or index) of that name refused the write. */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return constraint == null || constraint.equals(pg.getConstraint())
                        || (pg.getMessage() != null && pg.getMessage().contains(constraint));
            }
        }
        return false;
    }
}
