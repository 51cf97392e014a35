package io.leadpool.pool.rep;

import java.time.Instant;
import java.util.List;

/**
 * A rep as the pool knows them: from their token on first use, then as an admin set them up. {@code held}
 * (leads owned or locked) is counted for listings only; it is null where nobody needs it (the claim path).
 */
public record Rep(String id, String username, String tier, boolean active, RepProfile.Skills skills,
        List<String> teams, Long held, Instant createdAt, Instant lastSeenAt) {

    public boolean sharesTeamWith(Rep other) {
        return teams.stream().anyMatch(other.teams()::contains);
    }
}
