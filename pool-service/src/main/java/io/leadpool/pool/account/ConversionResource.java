package io.leadpool.pool.account;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code POST /api/v1/leads/{id}/conversion}: a lead becomes an account's contact and an opportunity. */
@Path("/api/v1/leads/{leadId}/conversion")
@Produces(MediaType.APPLICATION_JSON)
public class ConversionResource {

    static final int MAX_NAME = 200;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.99");

    /** What to make of the lead: the opportunity's name and amount, and optionally the account to join. */
    public record ConversionRequest(String opportunityName, BigDecimal amount, UUID accountId) {
    }

    private final ConversionService conversions;
    private final CurrentActor actor;

    public ConversionResource(ConversionService conversions, CurrentActor actor) {
        this.conversions = conversions;
        this.actor = actor;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<Response> convert(@PathParam("leadId") UUID leadId, ConversionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.opportunityName() == null || request.opportunityName().isBlank()) {
            errors.add(new FieldError("opportunityName", "required"));
        } else if (request.opportunityName().length() > MAX_NAME) {
            errors.add(new FieldError("opportunityName", "at most " + MAX_NAME + " characters"));
        }
        if (request != null && request.amount() != null) {
            BigDecimal amount = request.amount();
            if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0) {
                errors.add(new FieldError("amount", "between 0 and " + MAX_AMOUNT.toPlainString()));
            } else if (amount.stripTrailingZeros().scale() > 2) {
                errors.add(new FieldError("amount", "at most 2 decimals"));
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        return conversions.convert(actor.get(), leadId, request.opportunityName().trim(), request.amount(),
                request.accountId())
                .map(c -> Response.created(URI.create("/api/v1/accounts/" + c.accountId())).entity(c).build());
    }
}
