package io.leadpool.events;

import java.time.Instant;

/**
 * The clocks running on an owned lead, as pool-service computed them from the pool's rules (level
 * overrides, exempt stages and the tenant's time zone already applied). A {@code null} means that clock
 * does not run: nobody owns the lead, it is locked, its stage is exempt, or the rule is not set. The
 * scheduler keeps these instants and acts on them; it never interprets rules itself.
 *
 * @param followUpDueAt    the lead goes back to the pool if nobody follows it up by then
 * @param followUpRemindAt the owner is reminded of that deadline at this moment
 * @param progressDueAt    the lead goes back to the pool if its stage does not advance by then
 * @param progressRemindAt the owner is reminded of that deadline at this moment
 */
public record LeadDeadlines(Instant followUpDueAt, Instant followUpRemindAt, Instant progressDueAt,
        Instant progressRemindAt) {

    public static final LeadDeadlines NONE = new LeadDeadlines(null, null, null, null);
}
