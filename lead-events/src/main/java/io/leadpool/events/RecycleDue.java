package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Command: the deadline the scheduler tracked for this lead has passed. The pool applies it only
 * if the lead's version is still {@code version}, so a follow-up logged just before wins.
 */
public record RecycleDue(UUID leadId, long version, String reason, Instant dueAt) {
}
