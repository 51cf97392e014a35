package io.leadpool.pool.lead;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.RuleDuration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fairness rules of a claim, as plain functions. The service evaluates the per-rep limits under a
 * lock on the rep's row and puts the per-lead rules (cooldown, embargo) into the conditional update's
 * {@code where}; when that update changes nothing, {@link #whyNot} names the rule that stood in the way.
 */
public final class ClaimRules {

    private ClaimRules() {
    }

    /** 409 HOLDING_LIMIT when the rep already holds as many leads as the tier allows. */
    public static Optional<ProblemException> holding(PoolRules rules, String tier, long held) {
        return rules.holdingLimit(tier).filter(limit -> held >= limit)
                .map(limit -> ProblemException.conflict("HOLDING_LIMIT",
                        "you hold " + held + " leads; your limit (tier " + tier + ") is " + limit,
                        Map.of("limit", limit, "held", held, "tier", tier)));
    }

    /**
     * 409 CLAIM_QUOTA when the rep used up the pool's claims for the rolling window; {@code claimedInWindow}
     * counts the leads they took from the pool, by claim or by automatic hand-out.
     */
    public static Optional<ProblemException> quota(PoolRules rules, long claimedInWindow) {
        return rules.quota().filter(q -> claimedInWindow >= q.max())
                .map(q -> ProblemException.conflict("CLAIM_QUOTA",
                        "you took " + claimedInWindow + " leads from this pool in the last " + q.per()
                                + "; the quota is " + q.max(),
                        Map.of("max", q.max(), "per", q.per(), "claimed", claimedInWindow)));
    }

    /** A previous owner may claim again only if the lead came back to the pool before this instant. */
    public static Instant cooldownStart(PoolRules rules, ZoneId zone, Instant now) {
        return rules.cooldown().map(d -> d.before(now, zone)).orElse(now);
    }

    /** A lead is claimable only if it entered the pool before this instant. */
    public static Instant embargoStart(PoolRules rules, ZoneId zone, Instant now) {
        return rules.embargo().map(d -> d.before(now, zone)).orElse(now);
    }

    /**
     * Whether {@code repId} gave this lead up too recently to take it again: the same test as the claim's
     * conditional update ({@code previousOwnerId <> rep or returnedAt <= cooldownStart}).
     */
    public static boolean inCooldown(Lead lead, String repId, Instant cooldownStart) {
        return repId.equals(lead.previousOwnerId) && lead.returnedAt != null && lead.returnedAt.isAfter(cooldownStart);
    }

    /** Whether the lead is still under the embargo: the claim's {@code pooledAt <= embargoStart}, negated. */
    public static boolean embargoed(Lead lead, Instant embargoStart) {
        return lead.pooledAt.isAfter(embargoStart);
    }

    /** Why a claim's conditional update changed nothing, given the lead as it is now. */
    public static ProblemException whyNot(Lead lead, String repId, boolean mayKnowOwner, PoolRules rules,
            ZoneId zone, Instant now) {
        if (lead.state == LeadState.IN_POOL) {
            Optional<RuleDuration> cooldown = rules.cooldown();
            if (cooldown.isPresent() && repId.equals(lead.previousOwnerId) && lead.returnedAt != null
                    && cooldown.get().after(lead.returnedAt, zone).isAfter(now)) {
                Instant until = cooldown.get().after(lead.returnedAt, zone);
                return ProblemException.conflict("COOLDOWN", "you gave this lead up; you may claim it again from "
                        + until, Map.of("leadId", lead.id, "until", until));
            }
            Optional<RuleDuration> embargo = rules.embargo();
            if (embargo.isPresent() && embargo.get().after(lead.pooledAt, zone).isAfter(now)) {
                Instant until = embargo.get().after(lead.pooledAt, zone);
                return ProblemException.conflict("EMBARGO", "this lead has just entered the pool; it can be claimed from "
                        + until, Map.of("leadId", lead.id, "until", until));
            }
        }
        return taken(lead, mayKnowOwner);
    }

    /** The lead is not (or no longer) this pool's to claim: someone holds it, or it moved on. */
    public static ProblemException taken(Lead lead, boolean mayKnowOwner) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("leadId", lead.id);
        ext.put("state", lead.state);
        if (lead.ownedSince != null) {
            ext.put("claimedAt", lead.ownedSince);
        }
        if (lead.ownerId != null && mayKnowOwner) {
            ext.put("claimedBy", lead.ownerId);
        }
        return ProblemException.conflict("ALREADY_CLAIMED",
                lead.state == LeadState.IN_POOL ? "the lead moved to another pool" : "someone claimed this lead first",
                ext);
    }
}
