package io.leadpool.pool.rep.service;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.RepProfile;
import io.leadpool.pool.rep.repository.RepRepository;
import io.leadpool.pool.tenant.TenantSettingsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reps of a tenant: listed for admins and managers, set up by admins. */
@ApplicationScoped
public class RepService {

    private final RepRepository reps;
    private final TenantTransactions tx;
    private final TenantSettingsRepository settings;
    private final AuditLog audit;

    public RepService(RepRepository reps, TenantTransactions tx, TenantSettingsRepository settings, AuditLog audit) {
        this.audit = audit;
        this.settings = settings;
        this.reps = reps;
        this.tx = tx;
    }

    /** Admins see every rep; managers the reps of their teams (and themselves). */
    public Uni<List<Rep>> list(Actor actor) {
        return tx.inTenant(actor.tenantId(), () -> reps.remember(actor)
                .chain(() -> reps.find(actor.tenantId(), actor.userId()))
                .chain(me -> reps.list(actor.tenantId()).map(all -> actor.has(Actor.LEAD_ADMIN) ? all
                        : all.stream().filter(r -> r.id().equals(me.id()) || r.sharesTeamWith(me)).toList())));
    }

    /** Replaces a rep's profile; the tier must be one of the tenant's tiers. */
    public Uni<Rep> update(Actor actor, String repId, RepProfile profile) {
        RepProfile valid = profile.validated(io.leadpool.platform.tx.DbClock.now());
        return tx.inTenant(actor.tenantId(), () -> settings.of(actor.tenantId())
                .chain(s -> s.tiers().contains(valid.tier()) ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.invalid("tier",
                                "unknown tier; the tenant's tiers are " + s.tiers())))
                .chain(() -> reps.lock(actor.tenantId(), repId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("rep " + repId
                        + " (reps become known when they first sign in)"))
                .chain(before -> reps.update(actor.tenantId(), repId, valid)
                        .chain(() -> reps.find(actor.tenantId(), repId))
                        .call(after -> audit.record(actor, "REP_UPDATED", "rep", repId, RepProfile.of(before),
                                RepProfile.of(after)))));
    }
}
