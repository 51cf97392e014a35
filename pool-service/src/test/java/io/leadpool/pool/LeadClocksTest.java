package io.leadpool.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadClocks.Clock;
import io.leadpool.pool.lead.LeadClocks.Clocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Stage;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolRules.LevelRules;
import io.leadpool.pool.pool.service.RecyclingSimulation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The follow-up and progress clocks at their edges, as plain functions. */
class LeadClocksTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");

    static PoolRules rules(String followUp, String progress, String remind, List<String> exempt,
            Map<String, LevelRules> overrides) {
        return new PoolRules(null, null, null, null, null, followUp, progress, remind, null, null, exempt, null, null,
                overrides, null);
    }

    @Test
    void both_clocks_run_from_their_starts_and_name_their_rule() {
        Clocks c = LeadClocks.of(rules("P3D", "P30D", null, null, null), SHANGHAI, null, Stage.NEW, T0,
                T0.minus(Duration.ofDays(1)));
        assertThat(c.followUp()).isEqualTo(new Clock(T0.plus(Duration.ofDays(3)), "followUpTimeout", null));
        assertThat(c.progress()).isEqualTo(new Clock(T0.plus(Duration.ofDays(29)), "progressTimeout", null));
        assertThat(c.recycleAt()).contains(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void a_level_override_replaces_only_what_it_names() {
        PoolRules r = rules("P3D", "P30D", "P1D", null, Map.of("A", new LevelRules("P7D", null, "PT12H")));
        Clocks a = LeadClocks.of(r, SHANGHAI, "A", Stage.NEW, T0, T0);
        assertThat(a.followUp()).isEqualTo(new Clock(T0.plus(Duration.ofDays(7)), "levelOverrides.A.followUpTimeout",
                T0.plus(Duration.ofDays(7)).minus(Duration.ofHours(12))));
        assertThat(a.progress().rule()).isEqualTo("progressTimeout");
        assertThat(a.progress().dueAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        Clocks b = LeadClocks.of(r, SHANGHAI, "B", Stage.NEW, T0, T0);
        assertThat(b.followUp()).isEqualTo(new Clock(T0.plus(Duration.ofDays(3)), "followUpTimeout",
                T0.plus(Duration.ofDays(2))));
    }

    @Test
    void won_is_exempt_by_default_and_exempt_stages_can_be_chosen() {
        assertThat(LeadClocks.of(rules("P3D", "P30D", null, null, null), SHANGHAI, null, Stage.WON, T0, T0))
                .isEqualTo(Clocks.NONE);
        assertThat(LeadClocks.of(rules("P3D", "P30D", null, List.of(), null), SHANGHAI, null, Stage.WON, T0, T0)
                .followUp()).isNotNull();
        assertThat(LeadClocks.of(rules("P3D", "P30D", null, List.of("NEGOTIATION"), null), SHANGHAI, null,
                Stage.NEGOTIATION, T0, T0)).isEqualTo(Clocks.NONE);
    }

    @Test
    void a_reminder_longer_than_the_timeout_is_sent_at_the_start() {
        Clocks c = LeadClocks.of(rules("PT12H", null, "P1D", null, null), SHANGHAI, null, Stage.NEW, T0, T0);
        assertThat(c.followUp().remindAt()).isEqualTo(T0);
        assertThat(c.progress()).isNull();
    }

    @Test
    void only_owned_unlocked_leads_have_clocks_and_they_run_from_the_last_follow_up_and_advance() {
        Lead lead = new Lead();
        lead.state = LeadState.OWNED;
        lead.stage = Stage.QUALIFIED;
        lead.ownedSince = T0;
        lead.lastFollowUpAt = T0.plus(Duration.ofHours(5));
        lead.progressSince = T0.plus(Duration.ofHours(9));
        Clocks c = LeadClocks.of(rules("P3D", "P30D", null, null, null), SHANGHAI, lead);
        assertThat(c.followUp().dueAt()).isEqualTo(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(5)));
        assertThat(c.progress().dueAt()).isEqualTo(T0.plus(Duration.ofDays(30)).plus(Duration.ofHours(9)));
        lead.state = LeadState.LOCKED;
        assertThat(LeadClocks.of(rules("P3D", "P30D", null, null, null), SHANGHAI, lead)).isEqualTo(Clocks.NONE);
    }

    @Test
    void a_simulation_counts_by_day_in_the_tenant_zone_what_a_rule_change_would_send_back() {
        Lead early = owned(T0.minus(Duration.ofDays(2)));
        Lead late = owned(T0);
        Lead won = owned(T0);
        won.stage = Stage.WON;
        PoolRules current = rules("P3D", null, null, null, null);
        PoolRules proposed = rules("P1D", null, null, null, null);
        RecyclingSimulation.Result r = RecyclingSimulation.result(UUID.randomUUID(), current, proposed, SHANGHAI,
                List.of(early, late, won), T0);
        assertThat(r.ownedLeads()).isEqualTo(3);
        assertThat(r.current().overdueNow()).isZero();
        assertThat(r.current().neverRecycled()).isEqualTo(1);
        assertThat(r.current().byDay()).containsExactly(new RecyclingSimulation.Day(LocalDate.of(2026, 11, 23), 1),
                new RecyclingSimulation.Day(LocalDate.of(2026, 11, 25), 1));
        assertThat(r.proposed().overdueNow()).isEqualTo(1);
        assertThat(r.proposed().byDay()).containsExactly(new RecyclingSimulation.Day(LocalDate.of(2026, 11, 23), 1));
        assertThat(r.changed()).isEqualTo(2);
    }

    private static Lead owned(Instant since) {
        Lead lead = new Lead();
        lead.id = UUID.randomUUID();
        lead.state = LeadState.OWNED;
        lead.ownedSince = since;
        return lead;
    }
}
