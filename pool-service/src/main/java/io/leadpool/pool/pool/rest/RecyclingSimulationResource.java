package io.leadpool.pool.pool.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.pool.PoolRules;
import io.leadpool.pool.pool.service.RecyclingSimulation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Tries a rule change on today's owned leads before making it. */
@Path("/api/v1/recycling/simulations")
@Produces(MediaType.APPLICATION_JSON)
public class RecyclingSimulationResource {

    /** The pool and the rules proposed for it (the same shape as {@code PUT /api/v1/pools/{id}/rules}). */
    public record SimulationRequest(UUID poolId, PoolRules rules) {
    }

    private final RecyclingSimulation simulation;
    private final CurrentActor actor;

    public RecyclingSimulationResource(RecyclingSimulation simulation, CurrentActor actor) {
        this.simulation = simulation;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<RecyclingSimulation.Result> simulate(SimulationRequest request) {
        if (request == null || request.poolId() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("poolId", "required"));
        }
        if (request.rules() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("rules", "required"));
        }
        return simulation.simulate(actor.get(), request.poolId(), request.rules());
    }
}
