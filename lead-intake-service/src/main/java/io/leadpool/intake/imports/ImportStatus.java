package io.leadpool.intake.imports;

/** Where an import is: rows still going through (RUNNING), all decided, given up, or stopped by a user. */
public enum ImportStatus {
    RUNNING, COMPLETED, FAILED, CANCELLED
}
