package io.leadpool.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.events.EventCodec;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadConverted;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadLockChanged;
import io.leadpool.events.LeadPooled;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.ReminderDue;
import io.leadpool.events.StageChanged;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.Deadline.Kind;
import io.leadpool.scheduler.deadline.service.DeadlineTracker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which pool events set which deadlines, and which command each row sends: without a database. */
class DeadlineTrackerTest {

    static final UUID LEAD = UUID.randomUUID();
    static final UUID POOL = UUID.randomUUID();
    static final Instant DUE = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant REMIND = Instant.parse("2026-11-24T10:00:00Z");
    static final Instant PROGRESS = Instant.parse("2026-12-20T10:00:00Z");
    static final Instant PROGRESS_REMIND = Instant.parse("2026-12-19T10:00:00Z");
    static final LeadDeadlines ALL = new LeadDeadlines(DUE, REMIND, PROGRESS, PROGRESS_REMIND);

    static Map<Kind, Deadline> of(Record payload) {
        return DeadlineTracker.deadlinesOf(EventCodec.wrap("/pool-service", "acme", LEAD.toString(), payload, null))
                .stream().collect(Collectors.toMap(Deadline::kind, d -> d));
    }

    @Test
    void a_claim_sets_both_deadlines_and_both_reminders_of_its_owner() {
        Map<Kind, Deadline> d = of(new OwnershipChanged(LEAD, POOL, "CLAIMED", null, "bob", "bob", null, 3, ALL,
                Instant.now()));
        assertThat(d.get(Kind.FOLLOW_UP)).isEqualTo(new Deadline("acme", LEAD, Kind.FOLLOW_UP, 3, "bob", POOL, DUE));
        assertThat(d.get(Kind.PROGRESS).dueAt()).isEqualTo(PROGRESS);
        assertThat(d.get(Kind.FOLLOW_UP_REMINDER)).isEqualTo(
                new Deadline("acme", LEAD, Kind.FOLLOW_UP_REMINDER, 3, "bob", POOL, REMIND, DUE));
        assertThat(d.get(Kind.PROGRESS_REMINDER).targetAt()).isEqualTo(PROGRESS);
        assertThat(d.get(Kind.PROGRESS_REMINDER).dueAt()).isEqualTo(PROGRESS_REMIND);
    }

    @Test
    void each_row_sends_its_own_command() {
        Map<Kind, Deadline> d = of(new OwnershipChanged(LEAD, POOL, "CLAIMED", null, "bob", "bob", null, 3, ALL,
                Instant.now()));
        assertThat(d.get(Kind.FOLLOW_UP).command()).isEqualTo(new RecycleDue(LEAD, 3, "NO_FOLLOW_UP", DUE));
        assertThat(d.get(Kind.PROGRESS).command()).isEqualTo(new RecycleDue(LEAD, 3, "NO_PROGRESS", PROGRESS));
        assertThat(d.get(Kind.FOLLOW_UP_REMINDER).command()).isEqualTo(new ReminderDue(LEAD, 3, "FOLLOW_UP", DUE));
        assertThat(d.get(Kind.PROGRESS_REMINDER).command())
                .isEqualTo(new ReminderDue(LEAD, 3, "PROGRESS", PROGRESS));
    }

    @Test
    void a_lead_back_in_the_pool_has_no_deadline() {
        assertThat(of(new OwnershipChanged(LEAD, POOL, "RELEASED", "bob", null, "bob", "x", 4, ALL, Instant.now()))
                .values()).hasSize(4).allMatch(d -> d.dueAt() == null && d.version() == 4);
    }

    @Test
    void a_follow_up_a_stage_change_and_a_reschedule_move_the_deadlines() {
        assertThat(of(new FollowUpLogged(LEAD, "bob", "CALL", 5, ALL, Instant.now())).get(Kind.FOLLOW_UP).dueAt())
                .isEqualTo(DUE);
        LeadDeadlines won = LeadDeadlines.NONE;
        assertThat(of(new StageChanged(LEAD, "bob", "PROPOSAL", "WON", true, 6, won, Instant.now())).values())
                .allMatch(d -> d.dueAt() == null);
        assertThat(of(new LeadRescheduled(LEAD, POOL, "bob", "RULES_CHANGED", 7, ALL, Instant.now()))
                .get(Kind.PROGRESS).dueAt()).isEqualTo(PROGRESS);
    }

    @Test
    void a_locked_or_converted_lead_has_no_deadline_and_an_unlocked_one_gets_them_back() {
        assertThat(of(new LeadLockChanged(LEAD, "bob", true, 6, ALL, Instant.now())).values())
                .allMatch(d -> d.dueAt() == null);
        Map<Kind, Deadline> unlocked = of(new LeadLockChanged(LEAD, "bob", false, 7, ALL, Instant.now()));
        assertThat(unlocked.get(Kind.FOLLOW_UP).dueAt()).isEqualTo(DUE);
        assertThat(unlocked.get(Kind.FOLLOW_UP).version()).isEqualTo(7);
        assertThat(of(new LeadConverted(LEAD, POOL, "bob", UUID.randomUUID(), true, UUID.randomUUID(),
                UUID.randomUUID(), "Deal", null, 8, Instant.now())).values()).allMatch(d -> d.dueAt() == null);
    }

    @Test
    void events_that_do_not_move_deadlines_are_ignored() {
        assertThat(DeadlineTracker.deadlinesOf(EventCodec.wrap("/pool-service", "acme", LEAD.toString(),
                new LeadPooled(LEAD, POOL, 0, Instant.now()), null))).isEqualTo(List.of());
    }
}
