package io.leadpool.pool.lead;

/** Where a lead is in its life. */
public enum LeadState {
    IN_POOL, OWNED, LOCKED, CONVERTED, INVALID,
    /** Folded into an existing lead by a conflict's resolution. */
    MERGED,
    /** Dropped by a conflict's resolution. */
    DISCARDED
}
