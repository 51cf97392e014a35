package io.leadpool.scheduler.deadline;

import java.time.Instant;
import java.util.UUID;

/** A lead's deadline as the scheduler tracks it. {@code dueAt} is null once nothing is due. */
public record Deadline(String tenantId, UUID leadId, Kind kind, long version, String ownerId, UUID poolId,
        Instant dueAt) {

    /** What happens at the deadline. */
    public enum Kind {
        /** No follow-up since the claim or the last follow-up: back to the pool. */
        FOLLOW_UP
    }

    /** The reason a recycle of this kind carries into the lead's history. */
    public String recycleReason() {
        return switch (kind) {
            case FOLLOW_UP -> "NO_FOLLOW_UP";
        };
    }
}
