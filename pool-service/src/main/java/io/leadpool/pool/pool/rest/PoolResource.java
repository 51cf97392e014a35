package io.leadpool.pool.pool.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.service.PoolService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    private final PoolService pools;
    private final CurrentActor actor;

    public PoolResource(PoolService pools, CurrentActor actor) {
        this.pools = pools;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<List<PoolView>> list() {
        return pools.list(actor.get().tenantId()).map(all -> all.stream().map(PoolView::of).toList());
    }

    @GET
    @Path("/{poolId}")
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<PoolView> get(@PathParam("poolId") UUID poolId) {
        return pools.get(actor.get().tenantId(), poolId).map(PoolView::of);
    }

    @PUT
    @Path("/{poolId}/rules")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<PoolView> replaceRules(@PathParam("poolId") UUID poolId, PoolRules rules) {
        if (rules == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "rules are required"));
        }
        return pools.replaceRules(actor.get().tenantId(), poolId, rules).map(PoolView::of);
    }
}
