package io.leadpool.pool.report;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code GET /api/v1/reports/distribution?from&to&poolId}. */
@Path("/api/v1/reports/distribution")
@Produces(MediaType.APPLICATION_JSON)
public class DistributionReportResource {

    private final DistributionReport report;
    private final CurrentActor actor;

    public DistributionReportResource(DistributionReport report, CurrentActor actor) {
        this.report = report;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<DistributionReport.Report> get(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("poolId") String poolId) {
        UUID pool;
        try {
            pool = poolId == null || poolId.isBlank() ? null : UUID.fromString(poolId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.invalid("poolId", "a pool id"));
        }
        return report.report(actor.get(), from, to, pool);
    }
}
