package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/** A new lead landed in a pool and can be claimed. */
public record LeadPooled(UUID leadId, UUID poolId, long version, Instant at) {
}
