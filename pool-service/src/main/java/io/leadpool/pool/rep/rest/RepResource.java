package io.leadpool.pool.rep.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.rep.Rep;
import io.leadpool.pool.rep.RepProfile;
import io.leadpool.pool.rep.service.OffboardingService;
import io.leadpool.pool.rep.service.RepService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/v1/reps")
@Produces(MediaType.APPLICATION_JSON)
public class RepResource {

    private final RepService reps;
    private final OffboardingService offboarding;
    private final CurrentActor actor;

    public RepResource(RepService reps, OffboardingService offboarding, CurrentActor actor) {
        this.reps = reps;
        this.offboarding = offboarding;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<List<Rep>> list() {
        return reps.list(actor.get());
    }

    /** The body of an offboarding. */
    public record OffboardingRequest(OffboardingService.Mode mode, String toRepId) {
    }

    @POST
    @Path("/{repId}/offboarding")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<OffboardingService.Outcome> offboard(@PathParam("repId") String repId, OffboardingRequest request) {
        if (request == null || request.mode() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("mode", "RELEASE or TRANSFER"));
        }
        return offboarding.offboard(actor.get(), repId, request.mode(), request.toRepId());
    }

    @PUT
    @Path("/{repId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<Rep> update(@PathParam("repId") String repId, RepProfile profile) {
        if (profile == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "a rep profile is required"));
        }
        return reps.update(actor.get(), repId, profile);
    }
}
