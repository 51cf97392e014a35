package io.leadpool.dedup.conflict;

import io.leadpool.dedup.identity.repository.IdentityIndex;
import io.leadpool.dedup.identity.repository.LeadProfiles;
import io.leadpool.events.ConflictResolved;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Company conflicts (撞单) for arbitration by admins and managers. A resolution is decided once; its
 * effect on the identity index happens here, its effect on the leads in pool-service (through
 * {@code ConflictResolved}).
 */
@Path("/api/v1/conflicts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER })
public class ConflictResource {

    private final ConflictRepository conflicts;
    private final IdentityIndex index;
    private final LeadProfiles profiles;
    private final Outbox outbox;
    private final TenantTransactions tx;
    private final CurrentActor actor;
    private final AuditLog audit;

    public ConflictResource(ConflictRepository conflicts, IdentityIndex index, LeadProfiles profiles, Outbox outbox,
            TenantTransactions tx, CurrentActor actor, AuditLog audit) {
        this.audit = audit;
        this.conflicts = conflicts;
        this.index = index;
        this.profiles = profiles;
        this.outbox = outbox;
        this.tx = tx;
        this.actor = actor;
    }

    public record ConflictView(UUID conflictId, UUID leadId, UUID existingLeadId, double score, List<String> matched,
            Conflict.Status status, ConflictResolved.Action action, String resolvedBy, Instant resolvedAt,
            Instant createdAt) {
        static ConflictView of(Conflict c) {
            return new ConflictView(c.id, c.leadId, c.existingLeadId, c.score, c.matched.fields(), c.status, c.action,
                    c.resolvedBy, c.resolvedAt, c.createdAt);
        }
    }

    public record Resolution(ConflictResolved.Action action) {
    }

    /** The view after the conditional update (which the session's copy does not see). */
    private static Conflict resolved(Conflict c, ConflictResolved.Action action, String by, Instant at) {
        Conflict view = new Conflict();
        view.id = c.id;
        view.leadId = c.leadId;
        view.existingLeadId = c.existingLeadId;
        view.score = c.score;
        view.matched = c.matched;
        view.createdAt = c.createdAt;
        view.status = Conflict.Status.RESOLVED;
        view.action = action;
        view.resolvedBy = by;
        view.resolvedAt = at;
        return view;
    }

    @GET
    public Uni<List<ConflictView>> list(@QueryParam("status") @DefaultValue("OPEN") Conflict.Status status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > 200) {
            return Uni.createFrom().failure(ProblemException.invalid("size", "page ≥ 0 and size in 1..200"));
        }
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> conflicts.list(tenant, status, page, size))
                .map(list -> list.stream().map(ConflictView::of).toList());
    }

    @POST
    @Path("/{id}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConflictView> resolve(@PathParam("id") UUID id, Resolution resolution) {
        if (resolution == null || resolution.action() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("action",
                    "one of MERGE_INTO_EXISTING, KEEP_BOTH, DISCARD"));
        }
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        ConflictResolved.Action action = resolution.action();
        return tx.inTenant(tenant, () -> conflicts.findInTenant(tenant, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("conflict " + id))
                .chain(conflict -> {
                    Instant now = DbClock.now();
                    return conflicts.resolve(tenant, id, action, caller.userId(), now).chain(done -> {
                        if (!done) {
                            return Uni.createFrom().failure(ProblemException.conflict("CONFLICT_ALREADY_RESOLVED",
                                    "conflict " + id + " was resolved already", Map.of("action", String.valueOf(conflict.action))));
                        }
                        Uni<Void> effect = switch (action) {
                            case MERGE_INTO_EXISTING -> index.reassign(tenant, conflict.leadId, conflict.existingLeadId)
                                    .chain(() -> profiles.retire(tenant, conflict.leadId, "MERGED"));
                            case DISCARD -> index.release(tenant, conflict.leadId)
                                    .chain(() -> profiles.retire(tenant, conflict.leadId, "DISCARDED"));
                            case KEEP_BOTH -> Uni.createFrom().voidItem();
                        };
                        Conflict after = resolved(conflict, action, caller.userId(), now);
                        return effect.chain(() -> outbox.add(tenant, conflict.leadId, new ConflictResolved(id,
                                conflict.leadId, conflict.existingLeadId, action, caller.userId(), now)))
                                .chain(() -> audit.record(caller, "CONFLICT_RESOLVED", "conflict", id,
                                        ConflictView.of(conflict), ConflictView.of(after)))
                                .replaceWith(after);
                    });
                }))
                .map(ConflictView::of);
    }
}
