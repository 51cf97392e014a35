package io.leadpool.dedup.identity.rest;

import io.leadpool.dedup.identity.service.DedupService;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Before creating a lead by hand, a rep asks whether the person is already known. */
@Path("/api/v1/dedup/check")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DuplicateCheckResource {

    private final DedupService dedup;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public DuplicateCheckResource(DedupService dedup, TenantTransactions tx, CurrentActor actor) {
        this.dedup = dedup;
        this.tx = tx;
        this.actor = actor;
    }

    public record CheckRequest(String phone, String email) {
    }

    public record Match(UUID leadId, List<String> matchedOn) {
    }

    public record CheckResult(String normalizedPhone, String normalizedEmail, boolean duplicate, List<Match> matches) {
    }

    @POST
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<CheckResult> check(CheckRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "phone or email is required"));
        }
        DedupService.Keys keys = dedup.keysOf(request.phone(), request.email());
        if (keys.keys().isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(keys.violations().stream()
                    .map(v -> new ProblemException.FieldError(v.field(), v.reason())).toList()));
        }
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> dedup.matches(tenant, keys)).map(found -> {
            List<Match> matches = found.stream()
                    .collect(java.util.stream.Collectors.groupingBy(m -> m.leadId(), java.util.LinkedHashMap::new,
                            java.util.stream.Collectors.mapping(m -> m.key().kind().name(),
                                    java.util.stream.Collectors.toList())))
                    .entrySet().stream().map(e -> new Match(e.getKey(), e.getValue())).toList();
            return new CheckResult(keys.phone().orElse(null), keys.email().orElse(null), !matches.isEmpty(), matches);
        });
    }
}
