package io.leadpool.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A rep was told something about a lead: a deadline is near, a lead was taken back, or someone brought in
 * a lead the rep owns. Push gateways turn these into phone notifications; the same notice is listed by
 * {@code GET /api/v1/me/notifications}.
 */
public record RepNotified(UUID notificationId, String repId, UUID leadId, String kind, Instant deadlineAt,
        String message, Instant at) {
}
