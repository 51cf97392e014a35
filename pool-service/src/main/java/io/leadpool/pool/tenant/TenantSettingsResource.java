package io.leadpool.pool.tenant;

import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The caller's tenant settings: everyone may read them, lead admins change them. */
@Path("/api/v1/settings")
@Produces(MediaType.APPLICATION_JSON)
public class TenantSettingsResource {

    private final TenantSettingsRepository settings;
    private final TenantTransactions tx;
    private final CurrentActor actor;
    private final AuditLog audit;

    public TenantSettingsResource(TenantSettingsRepository settings, TenantTransactions tx, CurrentActor actor,
            AuditLog audit) {
        this.settings = settings;
        this.tx = tx;
        this.actor = actor;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<TenantSettings> get() {
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> settings.of(tenant));
    }

    /** Replaces the settings. A tier still given to some rep cannot be removed (409 TIER_IN_USE). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<TenantSettings> put(TenantSettings body) {
        if (body == null) {
            return Uni.createFrom().failure(ProblemException.invalid("timeZone", "a body is required"));
        }
        TenantSettings valid = body.validated();
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        return tx.inTenant(tenant, () -> settings.of(tenant).chain(current -> {
            List<String> removed = current.tiers().stream().filter(t -> !valid.tiers().contains(t)).toList();
            return settings.tiersInUse(tenant, removed).chain(inUse -> inUse.isEmpty()
                    ? settings.save(tenant, valid)
                            .chain(() -> audit.record(caller, "TENANT_SETTINGS_CHANGED", "tenant", tenant, current, valid))
                            .replaceWith(valid)
                    : Uni.createFrom().failure(ProblemException.conflict("TIER_IN_USE",
                            "reps still have the tiers " + inUse + "; move them first", Map.of("tiers", inUse))));
        }));
    }
}
