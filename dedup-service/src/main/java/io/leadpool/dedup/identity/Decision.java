package io.leadpool.dedup.identity;

import io.leadpool.events.LeadRejected;
import java.util.List;
import java.util.UUID;

/** What dedup made of an incoming lead. */
public sealed interface Decision {

    record Accepted(UUID leadId) implements Decision {
    }

    record Duplicate(UUID duplicateOf, List<IdentityKey.Kind> matchedOn) implements Decision {
    }

    record Rejected(List<LeadRejected.Violation> violations) implements Decision {
    }
}
