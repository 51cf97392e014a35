package io.leadpool.pool.distribution.rest;

import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.distribution.service.BacklogRuns;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code POST /api/v1/pools/{id}/distribution-runs}: an admin hands an automatic pool's backlog out now. */
@Path("/api/v1/pools/{poolId}/distribution-runs")
@Produces(MediaType.APPLICATION_JSON)
public class BacklogResource {

    private final BacklogRuns runs;
    private final CurrentActor actor;

    public BacklogResource(BacklogRuns runs, CurrentActor actor) {
        this.runs = runs;
        this.actor = actor;
    }

    @POST
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<BacklogRuns.Run> run(@PathParam("poolId") UUID poolId) {
        return runs.runNow(actor.get(), poolId);
    }
}
