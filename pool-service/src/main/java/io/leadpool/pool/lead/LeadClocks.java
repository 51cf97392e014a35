package io.leadpool.pool.lead;

import io.leadpool.events.LeadDeadlines;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolRules.LevelRules;
import io.leadpool.pool.pool.RuleDuration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two clocks of an owned lead, as plain functions of the pool's rules, the lead's level and stage, and
 * the tenant's time zone. The follow-up clock runs from the last follow-up (or the start of ownership), the
 * progress clock from the last stage advance (or the start of ownership). A level override replaces the
 * pool's timeout for leads of that level; an exempt stage stops both clocks. Each clock names the rule it
 * comes from, so a rep can see why a lead is due.
 */
public final class LeadClocks {

    private LeadClocks() {
    }

    /** One deadline: when, which rule set it, and when the owner is reminded (null: no reminder). */
    public record Clock(Instant dueAt, String rule, Instant remindAt) {
    }

    /** Both clocks; a null clock does not run. */
    public record Clocks(Clock followUp, Clock progress) {

        public static final Clocks NONE = new Clocks(null, null);

        public LeadDeadlines toEvent() {
            return new LeadDeadlines(followUp == null ? null : followUp.dueAt(),
                    followUp == null ? null : followUp.remindAt(), progress == null ? null : progress.dueAt(),
                    progress == null ? null : progress.remindAt());
        }

        /** When the lead goes back to the pool if nothing happens: the earlier of the two deadlines. */
        public Optional<Instant> recycleAt() {
            Instant f = followUp == null ? null : followUp.dueAt();
            Instant p = progress == null ? null : progress.dueAt();
            if (f == null || p == null) {
                return Optional.ofNullable(f == null ? p : f);
            }
            return Optional.of(f.isBefore(p) ? f : p);
        }
    }

    /** The clocks of a lead owned and not locked, given where each clock starts. */
    public static Clocks of(PoolRules rules, ZoneId zone, String level, Stage stage, Instant followUpFrom,
            Instant progressFrom) {
        if (rules.exempts(stage)) {
            return Clocks.NONE;
        }
        return running(rules, zone, rules.override(level), level, followUpFrom, progressFrom);
    }

    /**
     * The clocks a lead takes from the pool itself, both from {@code from}: those of every lead whose level has no
     * override and whose stage the pool does not exempt.
     */
    public static Clocks poolDefaults(PoolRules rules, ZoneId zone, Instant from) {
        return running(rules, zone, Optional.empty(), null, from, from);
    }

    private static Clocks running(PoolRules rules, ZoneId zone, Optional<LevelRules> override, String level,
            Instant followUpFrom, Instant progressFrom) {
        String remind = override.map(LevelRules::remindBefore).orElse(rules.remindBefore());
        return new Clocks(
                clock(rules.followUpTimeout(), override, LevelRules::followUpTimeout, level, "followUpTimeout",
                        remind, zone, followUpFrom),
                clock(rules.progressTimeout(), override, LevelRules::progressTimeout, level, "progressTimeout",
                        remind, zone, progressFrom));
    }

    /** The clocks of a lead as it stands now: none unless owned and unlocked. */
    public static Clocks of(PoolRules rules, ZoneId zone, Lead lead) {
        if (lead.state != LeadState.OWNED) {
            return Clocks.NONE;
        }
        return of(rules, zone, lead.level, lead.stage, followUpFrom(lead), progressFrom(lead));
    }

    /** Where the follow-up clock runs from: the last follow-up, else the start of ownership. */
    public static Instant followUpFrom(Lead lead) {
        return lead.lastFollowUpAt != null ? lead.lastFollowUpAt : lead.ownedSince;
    }

    /** Where the progress clock runs from: the last stage advance, else the start of ownership. */
    public static Instant progressFrom(Lead lead) {
        return lead.progressSince != null ? lead.progressSince : lead.ownedSince;
    }

    private static Clock clock(String poolTimeout, Optional<LevelRules> override,
            Function<LevelRules, String> overridden, String level, String field, String remindBefore, ZoneId zone,
            Instant from) {
        String levelTimeout = override.map(overridden).orElse(null);
        String timeout = levelTimeout != null ? levelTimeout : poolTimeout;
        if (timeout == null || from == null) {
            return null;
        }
        Instant due = RuleDuration.parse(timeout).after(from, zone);
        Instant remindAt = null;
        if (remindBefore != null) {
            Instant at = RuleDuration.parse(remindBefore).before(due, zone);
            remindAt = at.isBefore(from) ? from : at;
        }
        return new Clock(due, levelTimeout != null ? "levelOverrides." + level + "." + field : field, remindAt);
    }
}
