package io.leadpool.pool.rep;

import io.leadpool.platform.tenancy.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A rep as the pool knows them: from their token on first use, then as an admin set them up. {@code held}
 * (leads owned or locked) is counted for listings only; it is null where nobody needs it (the claim path).
 * {@code roles} are the realm roles of their last token (null until they call again after the upgrade that
 * records them); {@code awayUntil} says they are on leave until then (no automatic hand-outs).
 */
public record Rep(String id, String username, String tier, boolean active, RepProfile.Skills skills,
        List<String> teams, List<String> roles, Instant awayUntil, Long held, Instant createdAt, Instant lastSeenAt) {

    public boolean sharesTeamWith(Rep other) {
        return teams.stream().anyMatch(other.teams()::contains);
    }

    /** On leave at {@code now}. */
    public boolean awayAt(Instant now) {
        return awayUntil != null && awayUntil.isAfter(now);
    }

    /** Whether their last token made them a sales rep: only sales reps are handed leads automatically. */
    public boolean sellsLeads() {
        return roles != null && roles.contains(Actor.SALES_REP);
    }

    /** The rep as a caller of the tenant, for the rules that take one (a pool's scope). */
    public Actor asActor(String tenantId) {
        return new Actor(tenantId, id, username, roles == null ? Set.of() : Set.copyOf(roles));
    }
}
