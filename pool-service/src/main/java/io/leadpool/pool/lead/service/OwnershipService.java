package io.leadpool.pool.lead.service;

import io.leadpool.events.FollowUpLogged;
import io.leadpool.events.LeadDeadlines;
import io.leadpool.events.LeadRescheduled;
import io.leadpool.events.OwnershipChanged;
import io.leadpool.events.StageChanged;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.ClaimRules;
import io.leadpool.pool.lead.FollowUp;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadAccess;
import io.leadpool.pool.lead.LeadClocks;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.Stage;
import io.leadpool.pool.lead.repository.ClaimStatements;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.rest.LeadView;
import io.leadpool.pool.lead.service.PoolContext.Governing;
import io.leadpool.pool.metrics.PoolMetrics;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.PoolScope;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A rep's hands on a lead: claim it, follow it up, move its stage, give it back. Each operation is one
 * transaction holding one conditional write, one history row and one outbox event.
 */
@ApplicationScoped
public class OwnershipService {

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final ClaimStatements claims;
    private final PoolContext context;
    private final RepRepository reps;
    private final LeadQueries queries;
    private final TenantTransactions tx;
    private final Outbox outbox;
    private final PoolMetrics metrics;

    public OwnershipService(LeadRepository leads, ClaimStatements claims, PoolContext context, RepRepository reps,
            LeadQueries queries, TenantTransactions tx, LeadChangeLog changes, Outbox outbox, PoolMetrics metrics) {
        this.metrics = metrics;
        this.changes = changes;
        this.leads = leads;
        this.claims = claims;
        this.context = context;
        this.reps = reps;
        this.queries = queries;
        this.tx = tx;
        this.outbox = outbox;
    }

    /**
     * Claims a lead of the caller's tenant (see {@link ClaimStatements}). When the rep claimed from a pool before on
     * this replica, the claim expects the lead there, in a stage and of a level that take the pool's default clocks:
     * the pool's rules are worked out for this rep now, and one call of {@code claim_lead} checks the expectation,
     * locks the rep's row, counts the holding limit and the claim quota under that lock, and changes the lead's hands
     * in one conditional update that also carries the cooldown and embargo rules, with its history row and event, in
     * one transaction. Otherwise, or when the lead is not as expected, the lead as it is (the probe, or
     * {@code claim_lead}'s answer) decides the rules, and {@code claim_lead} is called with them. A lead taken
     * already (the hot lead's 199 losers) is answered as of that read, with no lock and no write. The loser of a race
     * learns that it lost (409), even though the lead now sits in someone else's book; who won is told only to those
     * who may see it.
     */
    public Uni<LeadView> claim(Actor actor, UUID leadId) {
        return metrics.claim(claimAsExpected(actor, leadId));
    }

    /** Claims with the lead seen (a new level or stage meanwhile: other clocks) are tried this many times. */
    private static final int CLAIM_ATTEMPTS = 3;

    private Uni<LeadView> claimAsExpected(Actor actor, UUID leadId) {
        PoolContext.Known known = context.expected(actor.tenantId(), actor.userId());
        if (known == null) {
            return claims.probe(actor.tenantId(), leadId)
                    .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                    .chain(probe -> claimAsSeen(actor, probe, 1));
        }
        Governing g = known.governing();
        PoolRules rules = g.rules();
        Instant now = DbClock.now();
        ClaimStatements.Expected expected = new ClaimStatements.Expected(known.poolId(), null, known.poolVersion(),
                known.timeZone(), known.tiersJson(),
                Arrays.stream(Stage.values()).filter(rules::exempts).map(Stage::name).toArray(String[]::new),
                rules.levelOverrides() == null ? new String[0] : rules.levelOverrides().keySet().toArray(String[]::new));
        return claim(actor, leadId, expected, LeadClocks.poolDefaults(rules, g.zone(), now), g, now, 0);
    }

    private Uni<LeadView> claimAsSeen(Actor actor, ClaimStatements.Probe probe, int attempt) {
        Lead seen = probe.lead();
        if (seen.state != LeadState.IN_POOL) {
            return Uni.createFrom().failure(ClaimRules.taken(seen,
                    actor.seesAllLeads() || seen.isOwnedBy(actor.userId())));
        }
        return context.current(actor.tenantId(), actor.userId(), probe).chain(g -> {
            Instant now = DbClock.now();
            ClaimStatements.Expected expected = new ClaimStatements.Expected(seen.poolId, seen.version,
                    probe.poolVersion(), probe.timeZone(), probe.tiersJson(), null, null);
            return claim(actor, seen.id, expected, g.freshClocks(seen, now), g, now, attempt);
        });
    }

    /** One call of {@code claim_lead}; {@code attempt} counts the claims with the lead seen (0: as expected). */
    private Uni<LeadView> claim(Actor actor, UUID leadId, ClaimStatements.Expected expected, LeadClocks.Clocks clocks,
            Governing g, Instant now, int attempt) {
        return claims.claim(claimOf(actor, leadId, expected, clocks, g, now))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("lead " + leadId))
                .chain(outcome -> switch (outcome.code()) {
                    case "CLAIMED" -> Uni.createFrom().item(LeadView.of(outcome.lead(),
                            LeadAccess.showsContacts(actor, outcome.lead(), g.rules()), DbClock.now()));
                    case "UNEXPECTED" -> attempt < CLAIM_ATTEMPTS ? claimAsSeen(actor, outcome.probe(), attempt + 1)
                            : Uni.createFrom().failure(ClaimRules.taken(outcome.lead(),
                                    actor.seesAllLeads() || outcome.lead().isOwnedBy(actor.userId())));
                    case "NOT_CLAIMED" -> Uni.createFrom().failure(ClaimRules.whyNot(outcome.lead(), actor.userId(),
                            actor.seesAllLeads() || outcome.lead().isOwnedBy(actor.userId()), g.rules(), g.zone(),
                            now));
                    default -> Uni.createFrom().failure(refusal(actor, g, outcome));
                });
    }

    /** The claim's statement: the pool's rules as they apply to this rep and this lead at {@code now}. */
    private ClaimStatements.Claim claimOf(Actor actor, UUID leadId, ClaimStatements.Expected expected,
            LeadClocks.Clocks clocks, Governing g, Instant now) {
        PoolRules rules = g.rules();
        PoolScope scope = g.pool().scope;
        // Admitted by the caller's role, id or an open scope, whatever their teams; else by one of the scope's teams.
        String[] scopeTeams = scope == null || scope.admits(actor, List.of()) ? null
                : scope.teams().toArray(String[]::new);
        JsonObject limits = null;
        if (rules.holdingLimits() != null) {
            limits = new JsonObject();
            for (var limit : rules.holdingLimits().byTier().entrySet()) {
                limits.put(limit.getKey(), limit.getValue());
            }
            limits.put("*", rules.holdingLimits().defaultLimit());
        }
        Optional<PoolRules.ClaimQuota> quota = rules.quota();
        // The version is the lead's after the claim, which claim_lead writes into the event's data.
        OwnershipChanged event = new OwnershipChanged(leadId, g.pool().id, "CLAIMED", null, actor.userId(),
                actor.userId(), null, VERSION_SET_BY_CLAIM_LEAD, clocks.toEvent(), now, actor.username());
        return new ClaimStatements.Claim(actor.tenantId(), leadId, expected, actor.userId(), RepRepository.name(actor),
                RepRepository.roles(actor), scopeTeams, rules.adminOnly(), limits, rules.countsLocked(),
                rules.countsWon(), quota.map(PoolRules.ClaimQuota::max).orElse(null),
                quota.isEmpty() ? null : rules.quotaWindow().before(now, g.zone()),
                ClaimRules.cooldownStart(rules, g.zone(), now), ClaimRules.embargoStart(rules, g.zone(), now), now,
                clocks, Uuid7.next(), outbox.row(actor.tenantId(), leadId, event));
    }

    /** The event's version as Java writes it; {@code claim_lead} replaces it with the lead's after the claim. */
    private static final long VERSION_SET_BY_CLAIM_LEAD = 0;

    /** The refusal {@code claim_lead} decided, as the caller is told it. */
    private static ProblemException refusal(Actor actor, Governing g, ClaimStatements.Outcome outcome) {
        return switch (outcome.code()) {
            case "REP_INACTIVE" -> ProblemException.conflict("REP_INACTIVE", "inactive reps cannot claim leads",
                    Map.of("repId", actor.userId()));
            case "NOT_IN_SCOPE" -> ProblemException.conflict("NOT_IN_SCOPE", "this pool's leads are for other reps",
                    Map.of("poolId", g.pool().id));
            case "ADMIN_ONLY" -> ProblemException.conflict("ADMIN_ONLY",
                    "this pool's leads are handed out by its admins, not claimed", Map.of("poolId", g.pool().id));
            case "HOLDING_LIMIT" -> ClaimRules.holding(g.rules(), outcome.tier(), outcome.held()).orElseThrow();
            case "CLAIM_QUOTA" -> ClaimRules.quota(g.rules(), outcome.taken()).orElseThrow();
            default -> throw new IllegalStateException("claim_lead answered " + outcome.code());
        };
    }

    /**
     * The owner gives a lead back, with a reason, to its pool or to another pool of the tenant. The
     * previous-owner cooldown starts now.
     */
    public Uni<LeadView> release(Actor actor, UUID leadId, String reason, UUID targetPoolId) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> context.of(actor.tenantId(), targetPoolId == null ? lead.poolId : targetPoolId)
                        .chain(target -> target.pool() == null
                                ? Uni.createFrom().failure(ProblemException.invalid("targetPoolId", "no such pool"))
                                : leads.release(actor.tenantId(), lead.id, actor.userId(), target.pool().id, now)
                                        .chain(updated -> updated == 0
                                                ? Uni.createFrom().failure(notOwner(lead, "release"))
                                                : leads.reload(lead).chain(fresh -> released(actor, fresh, reason, now))))));
    }

    private Uni<LeadView> released(Actor actor, Lead lead, String reason, Instant now) {
        return changes.record(actor, lead, HistoryEntry.Action.RELEASED, lead.previousOwnerId, null, reason,
                new OwnershipChanged(lead.id, lead.poolId, "RELEASED", lead.previousOwnerId, null, actor.userId(),
                        reason, lead.version, LeadDeadlines.NONE, now), now);
    }

    /** The owner followed up: the follow-up clock starts again (a locked lead keeps having none). */
    public Uni<LeadView> followUp(Actor actor, UUID leadId, FollowUp.Type type, String note) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> queries.visible(actor, leadId))
                .chain(lead -> ownerOnly(actor, lead, "follow up"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    LeadClocks.Clocks clocks = lead.state == LeadState.LOCKED ? LeadClocks.Clocks.NONE
                            : LeadClocks.of(g.rules(), g.zone(), lead.level, lead.stage, now, LeadClocks.progressFrom(lead));
                    return leads.followUp(actor.tenantId(), lead.id, lead.version, actor.userId(), now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> followedUp(actor, fresh, type, note, now)));
                })));
    }

    private Uni<LeadView> followedUp(Actor actor, Lead lead, FollowUp.Type type, String note, Instant now) {
        FollowUp f = new FollowUp();
        f.id = Uuid7.next();
        f.tenantId = actor.tenantId();
        f.leadId = lead.id;
        f.repId = actor.userId();
        f.type = type;
        f.note = note;
        f.at = now;
        return f.<FollowUp>persist().chain(() -> changes.record(actor, lead, HistoryEntry.Action.FOLLOWED_UP, null,
                null, type.name(), new FollowUpLogged(lead.id, actor.userId(), type.name(), lead.version,
                        lead.deadlines(), now), now));
    }

    /**
     * The owner moves the lead to another stage. An advance restarts the progress clock; an exempt stage
     * (WON by default) stops both clocks; moving back keeps the progress clock where it was.
     */
    public Uni<LeadView> changeStage(Actor actor, UUID leadId, Stage to) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> ownerOnly(actor, lead, "move the stage of"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    Stage from = lead.stage;
                    boolean advanced = to.isAdvanceFrom(from);
                    Instant progressSince = advanced ? now : LeadClocks.progressFrom(lead);
                    LeadClocks.Clocks clocks = lead.state == LeadState.LOCKED ? LeadClocks.Clocks.NONE
                            : LeadClocks.of(g.rules(), g.zone(), lead.level, to, LeadClocks.followUpFrom(lead), progressSince);
                    return leads.changeStage(actor.tenantId(), lead.id, lead.version, actor.userId(), to,
                            progressSince, now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> changes.record(actor, fresh,
                                            HistoryEntry.Action.STAGE_CHANGED, null, null, from + " -> " + to,
                                            new StageChanged(fresh.id, fresh.ownerId, from.name(), to.name(),
                                                    advanced, fresh.version, fresh.deadlines(), now), now)));
                })));
    }

    /**
     * Sets the customer level of a lead (owner, managers, admins). An owned lead's clocks follow the new
     * level's override at once, from the same starting points.
     */
    public Uni<LeadView> changeLevel(Actor actor, UUID leadId, String level) {
        Instant now = DbClock.now();
        return tx.inTenant(actor.tenantId(), () -> queries.visible(actor, leadId)
                .chain(lead -> actor.seesAllLeads() ? Uni.createFrom().item(lead) : ownerOnly(actor, lead, "grade"))
                .chain(lead -> context.of(actor.tenantId(), lead.poolId).chain(g -> {
                    String before = lead.level;
                    lead.level = level;
                    LeadClocks.Clocks clocks = LeadClocks.of(g.rules(), g.zone(), lead);
                    lead.level = before;
                    return leads.reschedule(actor.tenantId(), lead.id, lead.version, level, now, clocks)
                            .chain(updated -> updated == 0 ? Uni.createFrom().failure(changedMeanwhile(lead))
                                    : leads.reload(lead).chain(fresh -> changes.record(actor, fresh,
                                            HistoryEntry.Action.LEVEL_CHANGED, null, null,
                                            (before == null ? "-" : before) + " -> " + (level == null ? "-" : level),
                                            new LeadRescheduled(fresh.id, fresh.poolId, fresh.ownerId, "LEVEL_CHANGED",
                                                    fresh.version, fresh.deadlines(), now), now)));
                })));
    }

    static Uni<Void> fail(Optional<ProblemException> refusal) {
        return refusal.<Uni<Void>>map(e -> Uni.createFrom().failure(e)).orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static Uni<Lead> ownerOnly(Actor actor, Lead lead, String what) {
        return lead.isOwnedBy(actor.userId()) ? Uni.createFrom().item(lead)
                : Uni.createFrom().failure(notOwner(lead, what));
    }

    private static ProblemException notOwner(Lead lead, String what) {
        return ProblemException.conflict("NOT_OWNER", "only the owner of a lead can " + what + " it",
                Map.of("leadId", lead.id, "state", lead.state));
    }

    private static ProblemException changedMeanwhile(Lead lead) {
        return ProblemException.conflict("CONCURRENT_CHANGE",
                "the lead changed while this request ran (it may have been recycled); read it again",
                Map.of("leadId", lead.id));
    }
}
