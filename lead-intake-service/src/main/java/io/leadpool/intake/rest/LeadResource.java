package io.leadpool.intake.rest;

import io.leadpool.intake.service.IntakeService;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Leads in, one at a time; any role of the tenant may bring one. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LeadResource {

    private final IntakeService intake;
    private final CurrentActor actor;

    public LeadResource(IntakeService intake, CurrentActor actor) {
        this.intake = intake;
        this.actor = actor;
    }

    @POST
    @Path("/leads")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP, Actor.LEAD_SOURCE })
    public Uni<Response> submit(LeadRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "a lead is required"));
        }
        return intake.receive(actor.get(), request.toDetails(), idempotencyKey).map(IntakeView::answer);
    }

    @GET
    @Path("/intake/{intakeId}")
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP, Actor.LEAD_SOURCE })
    public Uni<IntakeView> status(@PathParam("intakeId") UUID intakeId) {
        return intake.find(actor.get(), intakeId).map(IntakeView::of);
    }
}
