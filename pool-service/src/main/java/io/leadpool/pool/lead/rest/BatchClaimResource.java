package io.leadpool.pool.lead.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.ratelimit.RateLimiter;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.pool.lead.service.ClaimRateLimit;
import io.leadpool.pool.lead.service.OwnershipService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Claims several leads at once, in order, each in its own transaction: a refusal of one (limit reached,
 * someone else first) does not undo the others, and the answer says what happened to each. Each distinct
 * id takes one token of the rep's claim rate ({@link ClaimRateLimit}): with fewer tokens left than ids, the
 * first ids are tried and the rest answered 429 {@code RATE_LIMITED} with {@code retryAfter}; with none
 * left the whole request is 429 with {@code Retry-After}.
 */
@Path("/api/v1/leads/claims")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BatchClaimResource {

    /** The most leads one batch may claim. */
    public static final int MAX_BATCH = 50;

    private final OwnershipService ownership;
    private final CurrentActor actor;
    private final ClaimRateLimit claimLimit;

    public BatchClaimResource(OwnershipService ownership, CurrentActor actor, ClaimRateLimit claimLimit) {
        this.ownership = ownership;
        this.actor = actor;
        this.claimLimit = claimLimit;
    }

    public record BatchClaimRequest(List<UUID> leadIds) {
    }

    /** The outcome for one id: 200 with the lead, or the refusal's status and code (and when to retry, for 429). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimResult(UUID leadId, int status, String code, String detail, LeadView lead, Long retryAfter) {
    }

    public record BatchClaimResponse(int claimed, int refused, List<ClaimResult> results) {
    }

    @POST
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<BatchClaimResponse> claimAll(BatchClaimRequest request) {
        if (request == null || request.leadIds() == null || request.leadIds().isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("leadIds", "1 to " + MAX_BATCH + " lead ids"));
        }
        if (request.leadIds().size() > MAX_BATCH || request.leadIds().contains(null)) {
            return Uni.createFrom().failure(ProblemException.invalid("leadIds",
                    "1 to " + MAX_BATCH + " lead ids, none empty"));
        }
        Actor caller = actor.get();
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(request.leadIds()));
        RateLimiter.Verdict verdict = claimLimit.take(caller, ids.size());
        if (!verdict.allowed()) {
            return Uni.createFrom().failure(claimLimit.refusal(verdict));
        }
        return Multi.createFrom().range(0, ids.size())
                .onItem().transformToUniAndConcatenate(i -> i >= verdict.granted()
                        ? Uni.createFrom().item(new ClaimResult(ids.get(i), 429, RateLimiter.RATE_LIMITED,
                                claimLimit.detail(verdict), null, verdict.retryAfterSeconds()))
                        : claim(caller, ids.get(i)))
                .collect().asList()
                .map(results -> {
                    int claimed = (int) results.stream().filter(r -> r.status() == 200).count();
                    return new BatchClaimResponse(claimed, results.size() - claimed, results);
                });
    }

    private Uni<ClaimResult> claim(Actor caller, UUID id) {
        return ownership.claim(caller, id)
                .map(lead -> new ClaimResult(id, 200, null, null, lead, null))
                .onFailure(ProblemException.class).recoverWithItem(e -> {
                    ProblemException p = (ProblemException) e;
                    return new ClaimResult(id, p.status(), p.code(), p.getMessage(), null, null);
                });
    }
}
