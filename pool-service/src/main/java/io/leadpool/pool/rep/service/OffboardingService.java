package io.leadpool.pool.rep.service;

import io.leadpool.events.OwnershipChanged;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.service.LeadChangeLog;
import io.leadpool.pool.lead.service.PoolContext;
import io.leadpool.pool.rep.RepProfile;
import io.leadpool.pool.rep.repository.RepRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A rep leaves: in one transaction every lead they hold goes back to its pool or to a colleague, each
 * with a {@code REP_OFFBOARDED} history row and an ownership event, and the rep is deactivated.
 */
@ApplicationScoped
public class OffboardingService {

    /** What happens to the leaving rep's leads. */
    public enum Mode {
        RELEASE, TRANSFER
    }

    public record Outcome(String repId, Mode mode, String toRepId, int moved, List<UUID> leadIds) {
    }

    /** The audit log's "after" of an offboarding: the rep's profile as it now is, and where their leads went. */
    public record Offboarded(RepProfile profile, Mode mode, String toRepId, int moved, List<UUID> leadIds) {
    }

    public static final String REASON = "REP_OFFBOARDED";

    private final LeadChangeLog changes;
    private final LeadRepository leads;
    private final PoolContext context;
    private final RepRepository reps;
    private final TenantTransactions tx;
    private final AuditLog audit;

    public OffboardingService(LeadRepository leads, PoolContext context,
            RepRepository reps, TenantTransactions tx,
            LeadChangeLog changes, AuditLog audit) {
        this.audit = audit;
        this.changes = changes;
        this.leads = leads;
        this.context = context;
        this.reps = reps;
        this.tx = tx;
    }

    public Uni<Outcome> offboard(Actor actor, String repId, Mode mode, String toRepId) {
        if (mode == Mode.TRANSFER && (toRepId == null || toRepId.equals(repId))) {
            return Uni.createFrom().failure(ProblemException.invalid("toRepId", "another rep to take the leads over"));
        }
        Instant now = DbClock.now();
        String tenant = actor.tenantId();
        return tx.inTenant(tenant, () -> reps.lock(tenant, repId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("rep " + repId))
                .chain(leaving -> (mode == Mode.TRANSFER ? reps.lock(tenant, toRepId) : Uni.createFrom().item(leaving))
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("rep " + toRepId))
                        .chain(target -> mode == Mode.TRANSFER && !target.active()
                                ? Uni.createFrom().failure(ProblemException.conflict("REP_INACTIVE",
                                        "the receiving rep is inactive", Map.of("repId", toRepId)))
                                : leads.ownedBy(tenant, repId).chain(held -> Multi.createFrom().iterable(held)
                                        .onItem().transformToUniAndConcatenate(lead -> move(actor, lead, mode, toRepId,
                                                mode == Mode.TRANSFER ? target.username() : null, now))
                                        .collect().asList()))
                        .chain(moved -> {
                            RepProfile inactive = new RepProfile(leaving.tier(), false, leaving.skills(), leaving.teams(),
                                    leaving.awayUntil());
                            return reps.update(tenant, repId, inactive)
                                    .chain(() -> audit.record(actor, "REP_OFFBOARDED", "rep", repId, RepProfile.of(leaving),
                                            new Offboarded(inactive, mode, toRepId, moved.size(), moved)))
                                    .replaceWith(new Outcome(repId, mode, toRepId, moved.size(), moved));
                        })));
    }

    private Uni<UUID> move(Actor actor, Lead lead, Mode mode, String toRepId, String toRepName, Instant now) {
        String from = lead.ownerId;
        return context.of(actor.tenantId(), lead.poolId).chain(g -> (mode == Mode.RELEASE
                ? leads.release(actor.tenantId(), lead.id, from, lead.poolId, now)
                : leads.transfer(actor.tenantId(), lead.id, lead.version, from, toRepId, now,
                        g.freshClocks(lead, now)))
                .chain(updated -> updated == 0
                        ? Uni.createFrom().failure(ProblemException.conflict("CONCURRENT_CHANGE",
                                "lead " + lead.id + " changed during the offboarding; run it again",
                                Map.of("leadId", lead.id)))
                        : leads.reload(lead))
                .chain(fresh -> changes.record(actor.tenantId(), fresh, HistoryEntry.Action.REP_OFFBOARDED,
                        actor.userId(), actor.username(), from, fresh.ownerId, mode.name(),
                        new OwnershipChanged(fresh.id, fresh.poolId, mode == Mode.RELEASE ? "RELEASED" : "TRANSFERRED",
                                from, fresh.ownerId, actor.userId(), REASON, fresh.version, fresh.deadlines(), now,
                                toRepName), now)
                        .replaceWith(fresh.id)));
    }
}
