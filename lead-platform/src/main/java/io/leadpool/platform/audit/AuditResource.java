package io.leadpool.platform.audit;

import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The tenant's audit log, for its lead admins only. Every service serves it for the admin actions taken
 * through that service. The tenant is the caller's (from the verified token), never a parameter.
 * Parameters are read as text and checked here, so a bad one is a 400 naming it (not a 404).
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditReader reader;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public AuditResource(AuditReader reader, TenantTransactions tx, CurrentActor actor) {
        this.reader = reader;
        this.tx = tx;
        this.actor = actor;
    }

    @GET
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<AuditEntry.Page> list(@QueryParam("action") String action, @QueryParam("targetType") String targetType,
            @QueryParam("targetId") String targetId, @QueryParam("actor") String who, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        AuditQuery query;
        try {
            query = AuditQuery.of(action, targetType, targetId, who, from, to, after, limit);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> reader.list(tenant, query));
    }
}
