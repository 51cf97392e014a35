package io.leadpool.events;

import java.time.Instant;

/**
 * The platform registered a tenant or changed one: its whole registry entry, so that a consumer keeps
 * the newest {@code version} and needs nothing else. A tenant is a realm of the identity provider;
 * {@code SUSPENDED} turns its tokens away everywhere without touching its data.
 */
public record TenantChanged(String tenantId, String displayName, Status status, long version, String changedBy,
        Instant at) {

    public enum Status {
        ACTIVE, SUSPENDED
    }
}
