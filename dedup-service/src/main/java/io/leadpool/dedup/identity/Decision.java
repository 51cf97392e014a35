package io.leadpool.dedup.identity;

import io.leadpool.events.LeadRejected;
import java.util.List;
import java.util.UUID;

/** What dedup made of an incoming lead. */
public sealed interface Decision {

    /** @param resembles the existing lead whose company this one resembles (a conflict was opened), or null */
    record Accepted(UUID leadId, UUID resembles) implements Decision {
    }

    /** @param matchedOn PHONE, EMAIL or COMPANY; {@code score} is 1 for a person key */
    record Duplicate(UUID duplicateOf, List<String> matchedOn, double score) implements Decision {
    }

    record Rejected(List<LeadRejected.Violation> violations) implements Decision {
    }
}
