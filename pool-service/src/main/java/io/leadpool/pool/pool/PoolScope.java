package io.leadpool.pool.pool;

import io.leadpool.platform.tenancy.Actor;
import java.util.Collection;
import java.util.List;

/**
 * Who may see and claim a pool's leads: listed users, members of listed teams, holders of listed roles.
 * An empty scope admits every rep of the tenant; admins are always admitted.
 */
public record PoolScope(List<String> users, List<String> teams, List<String> roles) {

    public PoolScope {
        users = users == null ? List.of() : List.copyOf(users);
        teams = teams == null ? List.of() : List.copyOf(teams);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public static PoolScope everyone() {
        return new PoolScope(List.of(), List.of(), List.of());
    }

    public boolean admits(Actor actor, Collection<String> actorTeams) {
        if (actor.has(Actor.LEAD_ADMIN) || (users.isEmpty() && teams.isEmpty() && roles.isEmpty())) {
            return true;
        }
        return users.contains(actor.userId()) || actorTeams.stream().anyMatch(teams::contains)
                || actor.roles().stream().anyMatch(roles::contains);
    }
}
