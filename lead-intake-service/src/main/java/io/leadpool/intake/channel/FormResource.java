package io.leadpool.intake.channel;

import io.leadpool.platform.tx.SystemTransactions;
import io.leadpool.events.LeadDetails;
import io.leadpool.intake.rest.IntakeView;
import io.leadpool.intake.service.IntakeService;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.ratelimit.RateLimiter;
import io.leadpool.platform.tenancy.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Leads from web forms, without a user token: the channel key in the path names the tenant, the
 * channel and its campaign, and a token bucket per key limits the rate. A form may post JSON or a plain
 * HTML form ({@code application/x-www-form-urlencoded}); fields other than the lead's go to its
 * attributes. The tenant comes from the channel, never from the request.
 */
@Path("/api/v1/forms/{channelKey}/leads")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class FormResource {

    /** The rate limiter's name for a form channel's bucket (keyed by the channel key). */
    static final String FORM_LIMIT = "form";
    private static final Set<String> FIELDS = Set.of("name", "company", "phone", "email", "region", "industry",
            "product");

    private final ChannelRepository channels;
    private final RateLimiter limiter;
    private final IntakeService intake;
    private final SystemTransactions system;

    public FormResource(ChannelRepository channels, RateLimiter limiter, IntakeService intake,
            SystemTransactions system) {
        this.system = system;
        this.channels = channels;
        this.limiter = limiter;
        this.intake = intake;
    }

    /** A form's fields: the lead's own, and anything else as attributes. */
    public record FormLead(String name, String company, String phone, String email, String region, String industry,
            String product, Map<String, String> attributes) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submitJson(@PathParam("channelKey") String key, FormLead lead,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (lead == null) {
            return Uni.createFrom().failure(ProblemException.invalid("body", "a lead is required"));
        }
        return submit(key, lead, idempotencyKey);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> submitForm(@PathParam("channelKey") String key, MultivaluedMap<String, String> form,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Map<String, String> attributes = new LinkedHashMap<>();
        form.forEach((field, values) -> {
            if (!FIELDS.contains(field) && values != null && !values.isEmpty() && !values.get(0).isBlank()) {
                attributes.put(field, values.get(0));
            }
        });
        return submit(key, new FormLead(first(form, "name"), first(form, "company"), first(form, "phone"),
                first(form, "email"), first(form, "region"), first(form, "industry"), first(form, "product"), attributes),
                idempotencyKey);
    }

    private Uni<Response> submit(String key, FormLead lead, String idempotencyKey) {
        if (key == null || key.length() > 100) {
            return Uni.createFrom().failure(unknown());
        }
        // The key names the tenant: the one look-up made before the tenant is known, as the system role.
        return system.asSystem(() -> channels.findActiveByKey(key)).chain(channel -> {
            if (channel == null) {
                return Uni.createFrom().failure(unknown());
            }
            RateLimiter.Verdict verdict = limiter.take(RateLimiter.Limit.perMinute(FORM_LIMIT, channel.ratePerMinute),
                    channel.key);
            if (!verdict.allowed()) {
                return Uni.createFrom().failure(verdict.refusal("this form takes " + channel.ratePerMinute
                        + " leads a minute; retry in " + verdict.retryAfterSeconds() + " s"));
            }
            Actor form = new Actor(channel.tenantId, "channel:" + channel.id, channel.name, Set.of());
            LeadDetails details = new LeadDetails(trim(lead.name()), trim(lead.company()), trim(lead.phone()),
                    trim(lead.email()), trim(lead.region()), trim(lead.industry()), trim(lead.product()),
                    new LeadDetails.LeadSource(channel.name, channel.campaign), lead.attributes());
            return intake.receive(form, details, idempotencyKey).map(IntakeView::answer);
        });
    }

    private static ProblemException unknown() {
        return new ProblemException(404, "UNKNOWN_CHANNEL", "Not found", "no active form channel has this key", null);
    }

    private static String first(MultivaluedMap<String, String> form, String field) {
        List<String> values = form.get(field);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
