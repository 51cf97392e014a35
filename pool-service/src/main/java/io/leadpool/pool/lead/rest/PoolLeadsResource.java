package io.leadpool.pool.lead.rest;

import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.service.LeadQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * A pool's leads, masked as the pool's rules say, paged by cursor: in arrival order ({@code sort=id}, the default)
 * or best score first ({@code sort=score}; leads without a score last).
 */
@Path("/api/v1/pools/{poolId}/leads")
@Produces(MediaType.APPLICATION_JSON)
public class PoolLeadsResource {

    private final LeadQueries queries;
    private final CurrentActor actor;

    public PoolLeadsResource(LeadQueries queries, CurrentActor actor) {
        this.queries = queries;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<Page<LeadView>> list(@PathParam("poolId") UUID poolId, @QueryParam("state") LeadState state,
            @QueryParam("after") String after, @QueryParam("limit") Integer limit, @QueryParam("sort") String sort) {
        return queries.pool(actor.get(), poolId, state, after, limit, sort);
    }
}
