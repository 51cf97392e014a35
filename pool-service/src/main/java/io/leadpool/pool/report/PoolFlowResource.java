package io.leadpool.pool.report;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Locale;

/** {@code GET /api/v1/reports/pool-flow?from&to&groupBy=day|rep|pool}. */
@Path("/api/v1/reports/pool-flow")
@Produces(MediaType.APPLICATION_JSON)
public class PoolFlowResource {

    private final PoolFlowReport report;
    private final CurrentActor actor;

    public PoolFlowResource(PoolFlowReport report, CurrentActor actor) {
        this.report = report;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<PoolFlowReport.Report> get(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") @DefaultValue("day") String groupBy) {
        PoolFlowReport.GroupBy group;
        try {
            group = PoolFlowReport.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.invalid("groupBy",
                    "one of " + Arrays.toString(PoolFlowReport.GroupBy.values()).toLowerCase(Locale.ROOT)));
        }
        return report.report(actor.get(), from, to, group);
    }
}
