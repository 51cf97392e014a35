package io.leadpool.pool.rep;

import java.time.Instant;
import java.util.List;

/** A rep as the pool knows them: from their token on first use, then as an admin set them up. */
public record Rep(String id, String username, String tier, boolean active, RepProfile.Skills skills,
        List<String> teams, long held, Instant createdAt, Instant lastSeenAt) {

    public boolean sharesTeamWith(Rep other) {
        return teams.stream().anyMatch(other.teams()::contains);
    }
}
