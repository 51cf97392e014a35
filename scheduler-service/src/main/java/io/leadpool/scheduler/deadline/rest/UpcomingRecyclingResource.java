package io.leadpool.scheduler.deadline.rest;

import io.leadpool.platform.tx.DbClock;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.scheduler.deadline.Deadline;
import io.leadpool.scheduler.deadline.repository.DeadlineRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** What will fall back to the pool soon: a rep sees their own leads, admins and managers the tenant's. */
@Path("/api/v1/recycling/upcoming")
@Produces(MediaType.APPLICATION_JSON)
public class UpcomingRecyclingResource {

    private static final int MAX_LIMIT = 500;

    private final DeadlineRepository deadlines;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public UpcomingRecyclingResource(DeadlineRepository deadlines, TenantTransactions tx, CurrentActor actor) {
        this.deadlines = deadlines;
        this.tx = tx;
        this.actor = actor;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upcoming(UUID leadId, String ownerId, String reason, Instant dueAt, String timeLeft) {
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<List<Upcoming>> upcoming(@QueryParam("within") @DefaultValue("P7D") String within,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Duration window;
        try {
            window = Duration.parse(within);
        } catch (DateTimeParseException e) {
            return Uni.createFrom().failure(ProblemException.invalid("within", "an ISO-8601 duration such as P1D"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Uni.createFrom().failure(ProblemException.invalid("limit", "between 1 and " + MAX_LIMIT));
        }
        Actor caller = actor.get();
        Instant now = DbClock.now();
        String owner = caller.seesAllLeads() ? null : caller.userId();
        return tx.inTenant(caller.tenantId(), () -> deadlines.upcoming(caller.tenantId(), owner, now.plus(window), limit))
                .map(found -> found.stream().map(d -> view(d, now)).toList());
    }

    private static Upcoming view(Deadline d, Instant now) {
        return new Upcoming(d.leadId(), d.ownerId(), d.recycleReason(), d.dueAt(),
                Duration.between(now, d.dueAt()).toString());
    }
}
