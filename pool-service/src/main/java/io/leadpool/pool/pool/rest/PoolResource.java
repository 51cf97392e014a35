package io.leadpool.pool.pool.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.pool.PoolDefinition;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.service.PoolService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<Response> create(PoolDefinition definition) {
        if (definition == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "a pool is required"));
        }
        return pools.create(actor.get(), definition).map(p -> Response.created(
                URI.create("/api/v1/pools/" + p.id)).entity(PoolView.of(p)).build());
    }

    @PUT
    @Path("/{poolId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<PoolView> update(@PathParam("poolId") UUID poolId, PoolDefinition definition) {
        if (definition == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "a pool is required"));
        }
        return pools.update(actor.get(), poolId, definition).map(PoolView::of);
    }

    @DELETE
    @Path("/{poolId}")
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<Response> delete(@PathParam("poolId") UUID poolId) {
        return pools.delete(actor.get(), poolId).replaceWith(Response.noContent().build());
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
        return pools.replaceRules(actor.get(), poolId, rules).map(PoolView::of);
    }
}
