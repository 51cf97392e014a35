package io.leadpool.platform.tenancy;

import java.util.Set;

/**
 * Who is calling: the tenant comes from the verified token's realm, never from the request.
 *
 * @param tenantId the realm that issued the token
 * @param userId   the token subject, stable across renames
 * @param username a readable name ({@code preferred_username}, or the client id for gateway clients)
 * @param roles    the realm roles
 */
public record Actor(String tenantId, String userId, String username, Set<String> roles) {

    public static final String LEAD_ADMIN = "lead-admin";
    public static final String SALES_MANAGER = "sales-manager";
    public static final String SALES_REP = "sales-rep";
    public static final String LEAD_SOURCE = "lead-source";

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Admins and managers see every lead of the tenant; reps see the pool and their own. */
    public boolean seesAllLeads() {
        return has(LEAD_ADMIN) || has(SALES_MANAGER);
    }
}
