package io.leadpool.intake;

/** Where an intake stands: taken in, then decided by dedup. */
public enum IntakeStatus {
    RECEIVED, ACCEPTED, DUPLICATE, REJECTED
}
