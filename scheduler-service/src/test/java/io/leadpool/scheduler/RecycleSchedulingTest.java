package io.leadpool.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.awaitility.Awaitility.await;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ReminderDue;
import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.RecycleDue;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.scheduler.deadline.service.RecycleSweep;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RealServers.class)
class RecycleSchedulingTest {

    static final String BOB_ID = TestTokens.subject("acme", "bob");
    static final UUID POOL = Uuid7.next();

    @Inject
    RecycleSweep sweep;

    static void claimed(UUID leadId, long version, Instant due) {
        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "CLAIMED", null, BOB_ID, BOB_ID, null,
                version, new LeadDeadlines(due, null, null, null), Instant.now()));
    }

    static void followedUp(UUID leadId, long version, Instant due) {
        TestTopics.publish("acme", leadId, new FollowUpLogged(leadId, BOB_ID, "CALL", version,
                new LeadDeadlines(due, null, null, null), Instant.now()));
    }

    static List<RecycleDue> commandsFor(UUID leadId, Duration window) {
        return TestTopics.all(Topics.SCHEDULER_COMMANDS, e -> leadId.toString().equals(e.subject())
                && EventType.RECYCLE_DUE.type().equals(e.type()), window).stream()
                .map(e -> EventCodec.payload(e, RecycleDue.class)).toList();
    }

    @Test
    void a_reminder_goes_out_once_ahead_of_the_deadline_and_the_progress_deadline_recycles_on_its_own() {
        UUID leadId = Uuid7.next();
        Instant remindAt = DbClock.now().plusSeconds(1);
        Instant followUpDue = DbClock.now().plus(Duration.ofHours(2));
        Instant progressDue = DbClock.now().plusSeconds(3);
        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "CLAIMED", null, BOB_ID, BOB_ID, null,
                5, new LeadDeadlines(followUpDue, remindAt, progressDue, null), Instant.now()));
        EventEnvelope reminder = TestTopics.await(Topics.SCHEDULER_COMMANDS, e -> leadId.toString().equals(e.subject())
                && EventType.REMINDER_DUE.type().equals(e.type()), Duration.ofSeconds(20));
        assertThat(EventCodec.payload(reminder, ReminderDue.class))
                .isEqualTo(new ReminderDue(leadId, 5, "FOLLOW_UP", followUpDue));
        EventEnvelope recycle = TestTopics.await(Topics.SCHEDULER_COMMANDS, e -> leadId.toString().equals(e.subject())
                && EventType.RECYCLE_DUE.type().equals(e.type()), Duration.ofSeconds(20));
        assertThat(EventCodec.payload(recycle, RecycleDue.class))
                .isEqualTo(new RecycleDue(leadId, 5, "NO_PROGRESS", progressDue));
        // Nobody answers (no pool here). Once the refire window has passed, the recycle is sent again but the
        // reminder is not: it fires once.
        try (Connection c = TestPostgres.connect("service"); PreparedStatement age = c.prepareStatement(
                "update deadline set fired_at = fired_at - interval '1 hour' where lead_id = ? and fired_at is not null")) {
            age.setObject(1, leadId);
            assertThat(age.executeUpdate()).isEqualTo(2);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        sweepNow();
        await().atMost(Duration.ofSeconds(20)).until(() -> commandsFor(leadId, Duration.ofSeconds(1)).size() >= 2);
        assertThat(TestTopics.all(Topics.SCHEDULER_COMMANDS, e -> leadId.toString().equals(e.subject())
                && EventType.REMINDER_DUE.type().equals(e.type()), Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void an_overdue_lead_gets_one_recycle_command_with_the_version_seen_at_its_deadline_not_at_the_next_tick() {
        // The sweep's tick is an hour in tests: the command can only come from the alarm the tracker set.
        UUID leadId = Uuid7.next();
        Instant due = DbClock.now().plusSeconds(2);
        claimed(leadId, 4, due);
        RecycleDue recycle = EventCodec.payload(commandOnTime(leadId, due), RecycleDue.class);
        assertThat(recycle.version()).isEqualTo(4);
        assertThat(recycle.reason()).isEqualTo("NO_FOLLOW_UP");
        assertThat(recycle.dueAt()).isEqualTo(due);
    }

    /** The lead's command, sent at its deadline: not before, and less than a second after. */
    private static EventEnvelope commandOnTime(UUID leadId, Instant due) {
        EventEnvelope command = TestTopics.await(Topics.SCHEDULER_COMMANDS, e -> leadId.toString().equals(e.subject()),
                Duration.ofSeconds(20));
        assertThat(command.time()).isAfterOrEqualTo(due).isBefore(due.plusSeconds(1));
        return command;
    }

    @Test
    void a_round_sets_the_alarm_for_the_next_deadline_it_finds() throws Exception {
        // A row written behind the tracker's back (as a restart finds them): the next round sees it and wakes for it.
        UUID leadId = Uuid7.next();
        Instant due = DbClock.now().plusSeconds(3);
        try (Connection c = TestPostgres.connect("service"); PreparedStatement insert = c.prepareStatement(
                "insert into deadline (tenant_id, lead_id, kind, version, owner_id, due_at, target_at)"
                        + " values ('acme', ?, 'FOLLOW_UP', 3, ?, ?, ?)")) {
            insert.setObject(1, leadId);
            insert.setString(2, BOB_ID);
            insert.setObject(3, java.time.OffsetDateTime.ofInstant(due, java.time.ZoneOffset.UTC));
            insert.setObject(4, java.time.OffsetDateTime.ofInstant(due, java.time.ZoneOffset.UTC));
            insert.executeUpdate();
        }
        try {
            VertxContextSupport.subscribeAndAwait(sweep::round);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        assertThat(EventCodec.payload(commandOnTime(leadId, due), RecycleDue.class).version()).isEqualTo(3);
    }

    @Test
    void a_follow_up_moves_the_deadline_and_no_command_is_sent() {
        UUID leadId = Uuid7.next();
        claimed(leadId, 1, Instant.now().plusSeconds(2));
        followedUp(leadId, 2, Instant.now().plus(Duration.ofHours(1)));
        assertThat(commandsFor(leadId, Duration.ofSeconds(6))).isEmpty();
        given().auth().oauth2(TestTokens.token("acme", "bob", "sales-rep"))
                .get("/api/v1/recycling/upcoming?within=PT2H")
                .then().statusCode(200).body("leadId", hasItem(leadId.toString()));
    }

    @Test
    void an_older_event_arriving_late_does_not_move_the_deadline_back() {
        UUID leadId = Uuid7.next();
        followedUp(leadId, 3, Instant.now().plus(Duration.ofHours(5)));
        claimed(leadId, 2, Instant.now().plusSeconds(1));
        assertThat(commandsFor(leadId, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void a_lead_back_in_the_pool_has_no_deadline() {
        UUID leadId = Uuid7.next();
        claimed(leadId, 1, Instant.now().plus(Duration.ofMinutes(30)));
        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "RECYCLED", BOB_ID, null,
                "system:scheduler", "NO_FOLLOW_UP", 2, LeadDeadlines.NONE, Instant.now()));
        String admin = TestTokens.token("acme", "alice", "lead-admin");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/recycling/upcoming?within=PT1H").then().statusCode(200)
                .body("leadId", not(hasItem(leadId.toString()))));
    }

    @Test
    void only_a_clock_that_runs_takes_a_row_and_a_stopped_one_clears_it() throws Exception {
        UUID leadId = Uuid7.next();
        claimed(leadId, 1, Instant.now().plus(Duration.ofHours(3))); // a follow-up clock alone: no progress, no reminder
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(leadId).equals(List.of("FOLLOW_UP 1 due")));

        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "RELEASED", BOB_ID, null, BOB_ID,
                "no budget", 2, LeadDeadlines.NONE, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(leadId).equals(List.of("FOLLOW_UP 2 none")));

        // The version the cleared row remembers still turns away an older event arriving late.
        EventEnvelope late = TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "CLAIMED", null,
                BOB_ID, BOB_ID, null, 1, new LeadDeadlines(Instant.now().plus(Duration.ofHours(3)), null, null, null),
                Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> applied(late.id()));
        assertThat(rowsOf(leadId)).containsExactly("FOLLOW_UP 2 none");
    }

    @Test
    void the_clocks_a_lead_stops_are_cleared_together_each_with_what_it_reminds_of() throws Exception {
        UUID leadId = Uuid7.next();
        Instant followUp = DbClock.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "CLAIMED", null, BOB_ID, BOB_ID, null,
                1, new LeadDeadlines(followUp, followUp.minus(Duration.ofHours(1)), followUp.plus(Duration.ofDays(9)),
                        followUp.plus(Duration.ofDays(8))), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(leadId).equals(List.of("FOLLOW_UP 1 due",
                "FOLLOW_UP_REMINDER 1 due", "PROGRESS 1 due", "PROGRESS_REMINDER 1 due")));

        // A follow-up in a pool whose rules now keep the follow-up clock alone: three rows stop, in two groups (the
        // follow-up's reminder still names the follow-up deadline, the progress rows name none).
        followedUp(leadId, 2, followUp);
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(leadId).equals(List.of("FOLLOW_UP 2 due",
                "FOLLOW_UP_REMINDER 2 none", "PROGRESS 2 none", "PROGRESS_REMINDER 2 none")));
        try (Connection c = TestPostgres.connect("service"); PreparedStatement q = c.prepareStatement(
                "select kind, target_at from deadline where lead_id = ? and kind <> 'FOLLOW_UP' order by kind")) {
            q.setObject(1, leadId);
            try (var rs = q.executeQuery()) {
                List<String> targets = new ArrayList<>();
                while (rs.next()) {
                    java.sql.Timestamp at = rs.getTimestamp(2);
                    targets.add(rs.getString(1) + " " + (at == null ? "none" : at.toInstant()));
                }
                assertThat(targets).containsExactly("FOLLOW_UP_REMINDER " + followUp, "PROGRESS none",
                        "PROGRESS_REMINDER none");
            }
        }

        // Back in the pool: every row of the lead cleared at the new version, none left due.
        TestTopics.publish("acme", leadId, new OwnershipChanged(leadId, POOL, "RECYCLED", BOB_ID, null,
                "system:scheduler", "NO_FOLLOW_UP", 3, LeadDeadlines.NONE, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> rowsOf(leadId).equals(List.of("FOLLOW_UP 3 none",
                "FOLLOW_UP_REMINDER 3 none", "PROGRESS 3 none", "PROGRESS_REMINDER 3 none")));
    }

    private static boolean applied(String eventId) throws Exception {
        try (Connection c = TestPostgres.connect("service");
                PreparedStatement q = c.prepareStatement("select 1 from inbox where event_id = cast(? as uuid)")) {
            q.setString(1, eventId);
            try (var rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The lead's deadline rows as "KIND version due|none", by kind. */
    private static List<String> rowsOf(UUID leadId) throws Exception {
        try (Connection c = TestPostgres.connect("service"); PreparedStatement q = c.prepareStatement(
                "select kind || ' ' || version || ' ' || case when due_at is null then 'none' else 'due' end"
                        + " from deadline where lead_id = ? order by kind")) {
            q.setObject(1, leadId);
            List<String> rows = new ArrayList<>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    @Test
    void upcoming_recycling_is_scoped_to_the_tenant_and_the_rep() {
        UUID leadId = Uuid7.next();
        claimed(leadId, 1, Instant.now().plus(Duration.ofMinutes(30)));
        String admin = TestTokens.token("acme", "alice", "lead-admin");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/recycling/upcoming?within=PT1H").then().statusCode(200)
                .body("find { it.leadId == '%s' }.ownerId".formatted(leadId), equalTo(BOB_ID)));
        given().auth().oauth2(TestTokens.token("acme", "carol", "sales-rep"))
                .get("/api/v1/recycling/upcoming?within=PT1H").then().statusCode(200)
                .body("leadId", not(hasItem(leadId.toString())));
        given().auth().oauth2(TestTokens.token("globex", "alice", "lead-admin"))
                .get("/api/v1/recycling/upcoming?within=PT1H").then().statusCode(200)
                .body("leadId", not(hasItem(leadId.toString())));
        given().auth().oauth2(admin).get("/api/v1/recycling/upcoming?within=soon").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        given().auth().oauth2(TestTokens.token("acme", "gw", "lead-source"))
                .get("/api/v1/recycling/upcoming").then().statusCode(403);
        given().get("/api/v1/recycling/upcoming").then().statusCode(401);
    }

    @Test
    void a_burst_larger_than_a_batch_is_fired_once_and_not_again_before_the_refire_window() throws Exception {
        String owner = "burst-" + Uuid7.next();
        int burst = 1_234; // more than two batches of 500: the later batches must find the rows the earlier ones left
        try (Connection c = TestPostgres.connect("service"); PreparedStatement insert = c.prepareStatement(
                "insert into deadline (tenant_id, lead_id, kind, version, owner_id, due_at, target_at)"
                        + " select 'acme', gen_random_uuid(), 'FOLLOW_UP', 1, ?, now() - interval '1 second',"
                        + " now() - interval '1 second' from generate_series(1, ?)")) {
            insert.setString(1, owner);
            insert.setInt(2, burst);
            insert.executeUpdate();
        }
        sweepNow(); // a round its alarm starts may take some batches: each row is taken once either way
        await().atMost(Duration.ofSeconds(20)).until(() -> firedRows(owner, "fired_at is not null") == burst);
        sweepNow();
        assertThat(firedRows(owner, "fire_count <> 1")).as("a row waiting for its answer is not sent again before"
                + " refire-after").isZero();
    }

    private int sweepNow() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sweep.sweepUntilDone(0));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static int firedRows(String owner, String condition) throws Exception {
        try (Connection c = TestPostgres.connect("service"); PreparedStatement q = c.prepareStatement(
                "select count(*) from deadline where owner_id = ? and " + condition)) {
            q.setString(1, owner);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void sweeps_running_side_by_side_send_each_command_once() throws Exception {
        List<UUID> leads = new ArrayList<>();
        try (Connection c = TestPostgres.connect("service"); PreparedStatement insert = c.prepareStatement(
                "insert into deadline (tenant_id, lead_id, kind, version, owner_id, due_at)"
                        + " values ('acme', ?, 'FOLLOW_UP', 7, 'x', now() - interval '1 second')")) {
            for (int i = 0; i < 300; i++) {
                UUID id = Uuid7.next();
                leads.add(id);
                insert.setObject(1, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<CompletableFuture<Integer>> sweeps = List.of(1, 2, 3).stream()
                .map(i -> CompletableFuture.supplyAsync(this::sweepNow)).toList();
        sweeps.forEach(CompletableFuture::join);

        Set<UUID> wanted = new HashSet<>(leads);
        List<UUID> commanded = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            commanded.clear();
            TestTopics.all(Topics.SCHEDULER_COMMANDS, e -> wanted.contains(UUID.fromString(e.subject())),
                    Duration.ofSeconds(2)).forEach(e -> commanded.add(UUID.fromString(e.subject())));
            assertThat(new HashSet<>(commanded)).hasSize(leads.size());
        });
        assertThat(commanded).as("no lead commanded twice").hasSize(leads.size());
    }
}
