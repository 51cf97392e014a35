package io.leadpool.dedup.policy;

import io.leadpool.dedup.identity.Policy;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** The tenant's company-match policy: what a resembling company means, and from which similarity. */
@Path("/api/v1/dedup/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyRepository policies;
    private final TenantTransactions tx;
    private final CurrentActor actor;
    private final AuditLog audit;

    public PolicyResource(PolicyRepository policies, TenantTransactions tx, CurrentActor actor, AuditLog audit) {
        this.policies = policies;
        this.tx = tx;
        this.actor = actor;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
    public Uni<Policy> get() {
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> policies.of(tenant));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Actor.LEAD_ADMIN)
    public Uni<Policy> put(Policy policy) {
        List<ProblemException.FieldError> errors = new ArrayList<>();
        if (policy == null || policy.companyMatch() == null) {
            errors.add(new ProblemException.FieldError("companyMatch", "one of BLOCK, FLAG, ALLOW"));
        }
        if (policy == null || !(policy.threshold() >= 0.1 && policy.threshold() <= 1.0)) {
            errors.add(new ProblemException.FieldError("threshold", "a similarity from 0.1 to 1.0"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        return tx.inTenant(tenant, () -> policies.of(tenant).chain(before -> policies.save(tenant, policy,
                caller.userId(), DbClock.now())
                .chain(() -> policies.of(tenant))
                .call(after -> audit.record(caller, "DEDUP_POLICY_CHANGED", "dedup-policy", tenant, before, after))));
    }
}
