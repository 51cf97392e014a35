package io.leadpool.pool.lead.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Masking;
import io.leadpool.pool.lead.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A lead as its caller may see it, with the clocks running on it: for each, when it is due, which rule
 * set it ({@code followUpTimeout}, {@code levelOverrides.A.progressTimeout}, …), when the owner is reminded,
 * and the time left (ISO-8601, negative once overdue), so an owner sees "2 days left" without arithmetic.
 * {@code score} is the probability that the lead converts (absent while the tenant has no scoring model) and
 * {@code scoreBand} its band (HIGH, MEDIUM, LOW).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadView(UUID id, UUID poolId, LeadState state, String ownerId, Stage stage, String level, String name,
        String company, String phone, String email, boolean contactsMasked, String region, String industry,
        String product, Source source, Map<String, String> attributes, long version, Instant ownedSince,
        Instant lastFollowUpAt, Deadlines deadlines, Double score, String scoreBand, Instant createdAt,
        Instant updatedAt) {

    public record Source(String channel, String campaign) {
    }

    /** The follow-up and progress deadlines; an absent one does not run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deadlines(Deadline followUp, Deadline progress) {
    }

    /** One deadline and where it comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deadline(Instant dueAt, String rule, Instant remindAt, String timeLeft, long timeLeftSeconds) {

        static Deadline of(LeadClocks.Clock clock, Instant now) {
            if (clock == null) {
                return null;
            }
            Duration left = Duration.between(now, clock.dueAt());
            return new Deadline(clock.dueAt(), clock.rule(), clock.remindAt(), left.toString(), left.toSeconds());
        }
    }

    public static LeadView of(Lead l, boolean showContacts, Instant now) {
        LeadClocks.Clocks clocks = l.clocks();
        return new LeadView(l.id, l.poolId, l.state, l.ownerId, l.stage, l.level, l.name, l.company,
                showContacts ? l.phone : Masking.phone(l.phone), showContacts ? l.email : Masking.email(l.email),
                !showContacts, l.region, l.industry, l.product, new Source(l.channel, l.campaign), l.attributes,
                l.version, l.ownedSince, l.lastFollowUpAt,
                new Deadlines(Deadline.of(clocks.followUp(), now), Deadline.of(clocks.progress(), now)),
                l.score, l.scoreBand, l.createdAt, l.updatedAt);
    }
}
