package io.leadpool.pool.pool.rest;

import io.leadpool.pool.pool.Pool;
import io.leadpool.pool.pool.PoolRouting;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolScope;
import java.util.List;
import java.time.Instant;
import java.util.UUID;

/** What a caller sees of a pool. */
public record PoolView(UUID id, String name, String description, boolean isDefault, List<String> admins,
        PoolScope scope, PoolRouting routing, PoolRules rules, Instant createdAt, Instant updatedAt) {

    public static PoolView of(Pool p) {
        return new PoolView(p.id, p.name, p.description, p.isDefault, p.admins.userIds(), p.scope, p.routing, p.rules,
                p.createdAt, p.updatedAt);
    }

    /** {@code default} is a Java keyword; the JSON field is still {@code default}. */
    @com.fasterxml.jackson.annotation.JsonProperty("default")
    public boolean isDefault() {
        return isDefault;
    }
}
