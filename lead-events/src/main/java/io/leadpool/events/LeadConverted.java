package io.leadpool.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The owner converted a lead: it became a contact of an account (new, or an existing one of the same
 * company key when {@code accountCreated} is false) and an opportunity. The lead leaves every pool and
 * book; its clocks stop.
 */
public record LeadConverted(UUID leadId, UUID poolId, String ownerId, UUID accountId, boolean accountCreated,
        UUID contactId, UUID opportunityId, String opportunityName, BigDecimal amount, long version, Instant at) {
}
