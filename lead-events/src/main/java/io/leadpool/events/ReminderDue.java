package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Command: a deadline of this lead is near ({@code remindBefore} ahead of {@code deadlineAt}). The pool
 * notifies the owner only if the lead's version is still {@code version}.
 */
public record ReminderDue(UUID leadId, long version, String deadline, Instant deadlineAt) {
}
