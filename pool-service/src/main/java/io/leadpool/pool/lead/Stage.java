package io.leadpool.pool.lead;

/**
 * Sales stages in the order a deal moves through them. Moving to a later stage is an advance and restarts
 * the progress clock; {@code LOST} is not an advance (a lost lead keeps its clock and goes back to the pool).
 */
public enum Stage {
    NEW, CONTACTED, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST;

    public boolean isAdvanceFrom(Stage from) {
        return this != LOST && from != LOST && ordinal() > from.ordinal();
    }
}
