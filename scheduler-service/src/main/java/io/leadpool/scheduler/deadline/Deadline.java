package io.leadpool.scheduler.deadline;

import io.leadpool.events.RecycleDue;
import io.leadpool.events.ReminderDue;
import java.time.Instant;
import java.util.UUID;

/**
 * A lead's deadline as the scheduler tracks it: when something is due ({@code dueAt}, null once nothing
 * is) and the deadline it concerns ({@code targetAt}: the same instant for a recycle, the later deadline for
 * a reminder).
 */
public record Deadline(String tenantId, UUID leadId, Kind kind, long version, String ownerId, UUID poolId,
        Instant dueAt, Instant targetAt) {

    /** What happens when a row is due. */
    public enum Kind {
        /** No follow-up since the claim or the last follow-up: back to the pool. */
        FOLLOW_UP,
        /** No stage advance since the claim or the last advance: back to the pool. */
        PROGRESS,
        /** The owner is reminded ahead of the follow-up deadline. */
        FOLLOW_UP_REMINDER,
        /** The owner is reminded ahead of the progress deadline. */
        PROGRESS_REMINDER;

        public boolean isReminder() {
            return this == FOLLOW_UP_REMINDER || this == PROGRESS_REMINDER;
        }
    }

    /** A deadline whose due and target instants are the same (a recycle). */
    public Deadline(String tenantId, UUID leadId, Kind kind, long version, String ownerId, UUID poolId,
            Instant dueAt) {
        this(tenantId, leadId, kind, version, ownerId, poolId, dueAt, dueAt);
    }

    /** The reason a recycle of this kind carries into the lead's history. */
    public String recycleReason() {
        return switch (kind) {
            case FOLLOW_UP, FOLLOW_UP_REMINDER -> "NO_FOLLOW_UP";
            case PROGRESS, PROGRESS_REMINDER -> "NO_PROGRESS";
        };
    }

    /** The command the pool receives when this row is due. */
    public Record command() {
        return switch (kind) {
            case FOLLOW_UP, PROGRESS -> new RecycleDue(leadId, version, recycleReason(), dueAt);
            case FOLLOW_UP_REMINDER -> new ReminderDue(leadId, version, "FOLLOW_UP", targetAt);
            case PROGRESS_REMINDER -> new ReminderDue(leadId, version, "PROGRESS", targetAt);
        };
    }
}
