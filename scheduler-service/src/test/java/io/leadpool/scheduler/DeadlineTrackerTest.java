package io.leadpool.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.EventCodec;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.service.DeadlineTracker;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which pool events set which deadline: the mapping alone, without a database. */
class DeadlineTrackerTest {

    static final UUID LEAD = UUID.randomUUID();
    static final UUID POOL = UUID.randomUUID();
    static final Instant DUE = Instant.parse("2026-11-25T10:00:00Z");

    static Deadline of(Record payload) {
        return DeadlineTracker.deadlineOf(EventCodec.wrap("/pool-service", "acme", LEAD.toString(), payload, null))
                .orElse(null);
    }

    @Test
    void a_claim_sets_the_deadline_of_its_owner() {
        Deadline d = of(new OwnershipChanged(LEAD, POOL, "CLAIMED", null, "bob", "bob", null, 3, due(DUE), Instant.now()));
        assertThat(d).isEqualTo(new Deadline("acme", LEAD, Deadline.Kind.FOLLOW_UP, 3, "bob", POOL, DUE));
    }

    @Test
    void a_lead_back_in_the_pool_has_no_deadline() {
        assertThat(of(new OwnershipChanged(LEAD, POOL, "RELEASED", "bob", null, "bob", "x", 4, LeadDeadlines.NONE, Instant.now()))
                .dueAt()).isNull();
    }

    @Test
    void a_follow_up_moves_the_deadline() {
        assertThat(of(new FollowUpLogged(LEAD, "bob", "CALL", 5, due(DUE), Instant.now())).dueAt()).isEqualTo(DUE);
    }

    @Test
    void a_locked_lead_has_no_deadline_and_an_unlocked_one_gets_it_back() {
        assertThat(of(new LeadLockChanged(LEAD, "bob", true, 6, LeadDeadlines.NONE, Instant.now())).dueAt()).isNull();
        Deadline unlocked = of(new LeadLockChanged(LEAD, "bob", false, 7, due(DUE), Instant.now()));
        assertThat(unlocked.dueAt()).isEqualTo(DUE);
        assertThat(unlocked.version()).isEqualTo(7);
    }

    @Test
    void events_that_do_not_move_deadlines_are_ignored() {
        assertThat(of(new LeadPooled(LEAD, POOL, 0, Instant.now()))).isNull();
    }

    private static LeadDeadlines due(Instant followUpDueAt) {
        return new LeadDeadlines(followUpDueAt, null, null, null);
    }
}
