package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Command: a deadline the scheduler tracked for this lead has passed ({@code reason} {@code NO_FOLLOW_UP}
 * or {@code NO_PROGRESS}). The pool applies it only
 * if the lead's version is still {@code version}, so a follow-up logged just before wins.
 */
public record RecycleDue(UUID leadId, long version, String reason, Instant dueAt) {
}
