package io.leadpool.platform.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One admin action as the tenant's admins read it.
 *
 * @param before the object before the action (null for a creation)
 * @param after  the object after it (null for a deletion)
 * @param service the service the action happened in
 */
public record AuditEntry(UUID id, Instant at, Who actor, String action, What target, JsonNode before,
        JsonNode after, String service) {

    /** Who acted: the token's subject and readable name. */
    public record Who(String id, String name) {
    }

    /** What was acted on. */
    public record What(String type, String id) {
    }

    /** One page of entries, newest first; {@code next} is the cursor of the following page, null on the last. */
    public record Page(java.util.List<AuditEntry> items, String next) {
    }
}
