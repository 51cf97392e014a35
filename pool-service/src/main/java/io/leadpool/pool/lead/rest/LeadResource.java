package io.leadpool.pool.lead.rest;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.lead.FollowUp;
import io.leadpool.pool.lead.service.AssignmentService;
import io.leadpool.pool.lead.service.ClaimRateLimit;
import io.leadpool.pool.lead.service.LeadQueries;
import io.leadpool.pool.lead.service.LockService;
import io.leadpool.pool.lead.service.OwnershipService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.leadpool.pool.lead.Stage;
import jakarta.ws.rs.PUT;
import java.util.Arrays;
import java.util.List;
import io.leadpool.pool.pool.PoolRules;
import java.util.UUID;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LeadResource {

    private static final int MAX_NOTE = 4000;
    private static final int MAX_REASON = 500;

    private final LeadQueries queries;
    private final OwnershipService ownership;
    private final AssignmentService assignments;
    private final LockService locks;
    private final CurrentActor actor;
    private final ClaimRateLimit claimLimit;

    public LeadResource(LeadQueries queries, OwnershipService ownership, AssignmentService assignments,
            LockService locks, CurrentActor actor, ClaimRateLimit claimLimit) {
        this.claimLimit = claimLimit;
        this.locks = locks;
        this.queries = queries;
        this.ownership = ownership;
        this.assignments = assignments;
        this.actor = actor;
    }

    @GET
    @Path("/leads/{leadId}")
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> get(@PathParam("leadId") UUID leadId) {
        return queries.get(actor.get(), leadId);
    }

    @GET
    @Path("/leads/{leadId}/history")
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<List<HistoryView>> history(@PathParam("leadId") UUID leadId) {
        return queries.history(actor.get(), leadId);
    }

    /** The caller's leads (owned or locked), soonest follow-up deadline first, each clock with its rule and time left. */
    @GET
    @Path("/me/leads")
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<List<LeadView>> mine() {
        return queries.mine(actor.get());
    }

    @POST
    @Path("/leads/{leadId}/claim")
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> claim(@PathParam("leadId") UUID leadId) {
        Actor caller = actor.get();
        var verdict = claimLimit.take(caller, 1);
        if (!verdict.allowed()) {
            return Uni.createFrom().failure(claimLimit.refusal(verdict));
        }
        return ownership.claim(caller, leadId);
    }

    @POST
    @Path("/leads/{leadId}/lock")
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> lock(@PathParam("leadId") UUID leadId) {
        return locks.lock(actor.get(), leadId);
    }

    @POST
    @Path("/leads/{leadId}/unlock")
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> unlock(@PathParam("leadId") UUID leadId) {
        return locks.unlock(actor.get(), leadId);
    }

    /** The body of an assignment or a transfer: to whom, and whether an admin overrides the holding limit. */
    public record HandOverRequest(String repId, Boolean force) {
    }

    @POST
    @Path("/leads/{leadId}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<LeadView> assign(@PathParam("leadId") UUID leadId, HandOverRequest request) {
        return requireRep(request).chain(r -> assignments.assign(actor.get(), leadId, r.repId(),
                Boolean.TRUE.equals(r.force())));
    }

    @POST
    @Path("/leads/{leadId}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<LeadView> transfer(@PathParam("leadId") UUID leadId, HandOverRequest request) {
        return requireRep(request).chain(r -> assignments.transfer(actor.get(), leadId, r.repId(),
                Boolean.TRUE.equals(r.force())));
    }

    private static Uni<HandOverRequest> requireRep(HandOverRequest request) {
        return request == null || request.repId() == null || request.repId().isBlank()
                ? Uni.createFrom().failure(ProblemException.invalid("repId", "the receiving rep is required"))
                : Uni.createFrom().item(request);
    }

    /** The body of a release: why, and optionally to which pool. */
    public record ReleaseRequest(String reason, UUID targetPoolId) {
    }

    @POST
    @Path("/leads/{leadId}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> release(@PathParam("leadId") UUID leadId, ReleaseRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            return Uni.createFrom().failure(ProblemException.invalid("reason", "a reason is required"));
        }
        if (request.reason().length() > MAX_REASON) {
            return Uni.createFrom().failure(ProblemException.invalid("reason", "at most " + MAX_REASON + " characters"));
        }
        return ownership.release(actor.get(), leadId, request.reason().trim(), request.targetPoolId());
    }

    /** The body of a stage change. */
    public record StageRequest(Stage stage) {
    }

    @POST
    @Path("/leads/{leadId}/stage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> stage(@PathParam("leadId") UUID leadId, StageRequest request) {
        if (request == null || request.stage() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("stage", "one of " + Arrays.toString(Stage.values())));
        }
        return ownership.changeStage(actor.get(), leadId, request.stage());
    }

    /** The body of a level change; a null level removes it. */
    public record LevelRequest(String level) {
    }

    @PUT
    @Path("/leads/{leadId}/level")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<LeadView> level(@PathParam("leadId") UUID leadId, LevelRequest request) {
        String level = request == null ? null : request.level();
        if (level != null && !PoolRules.LEVEL.matcher(level).matches()) {
            return Uni.createFrom().failure(ProblemException.invalid("level", "1 to 16 letters, digits, '-' or '_'"));
        }
        return ownership.changeLevel(actor.get(), leadId, level);
    }

    /** The body of a follow-up. */
    public record FollowUpRequest(FollowUp.Type type, String note) {
    }

    @POST
    @Path("/leads/{leadId}/follow-ups")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<Response> followUp(@PathParam("leadId") UUID leadId, FollowUpRequest request) {
        if (request == null || request.type() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("type",
                    "one of CALL, VISIT, EMAIL, MESSAGE, OTHER is required"));
        }
        if (request.note() != null && request.note().length() > MAX_NOTE) {
            return Uni.createFrom().failure(ProblemException.invalid("note", "at most " + MAX_NOTE + " characters"));
        }
        return ownership.followUp(actor.get(), leadId, request.type(), request.note())
                .map(lead -> Response.status(Response.Status.CREATED).entity(lead).build());
    }
}
