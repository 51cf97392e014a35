package io.leadpool.intake.channel;

import io.leadpool.events.Uuid7;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Web-form channels of the tenant, managed by its lead admins. */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Actor.LEAD_ADMIN)
public class ChannelResource {

    static final int DEFAULT_RATE = 60;
    static final int MAX_RATE = 6000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelRepository channels;
    private final TenantTransactions tx;
    private final CurrentActor actor;
    private final AuditLog audit;

    public ChannelResource(ChannelRepository channels, TenantTransactions tx, CurrentActor actor, AuditLog audit) {
        this.channels = channels;
        this.tx = tx;
        this.actor = actor;
        this.audit = audit;
    }

    public record ChannelRequest(String name, String campaign, Integer ratePerMinute) {
    }

    public record ChannelView(UUID id, String name, String key, String campaign, int ratePerMinute, boolean active,
            String formUrl, Instant createdAt) {
        static ChannelView of(Channel c) {
            return new ChannelView(c.id, c.name, c.key, c.campaign, c.ratePerMinute, c.active,
                    "/api/v1/forms/" + c.key + "/leads", c.createdAt);
        }
    }

    /** A channel as the audit log keeps it: without its key, which is the form's credential. */
    public record ChannelSnapshot(UUID id, String name, String campaign, int ratePerMinute, boolean active,
            String createdBy, Instant createdAt) {
        static ChannelSnapshot of(Channel c, boolean active) {
            return new ChannelSnapshot(c.id, c.name, c.campaign, c.ratePerMinute, active, c.createdBy, c.createdAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ChannelRequest request) {
        List<ProblemException.FieldError> errors = new ArrayList<>();
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            errors.add(new ProblemException.FieldError("name", "1 to 100 characters"));
        }
        if (request != null && request.campaign() != null && request.campaign().length() > 100) {
            errors.add(new ProblemException.FieldError("campaign", "at most 100 characters"));
        }
        if (request != null && request.ratePerMinute() != null
                && (request.ratePerMinute() < 1 || request.ratePerMinute() > MAX_RATE)) {
            errors.add(new ProblemException.FieldError("ratePerMinute", "1 to " + MAX_RATE));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(errors));
        }
        Actor caller = actor.get();
        Channel c = new Channel();
        c.id = Uuid7.next();
        c.tenantId = caller.tenantId();
        c.key = newKey();
        c.name = request.name().trim();
        c.campaign = request.campaign() == null || request.campaign().isBlank() ? null : request.campaign().trim();
        c.ratePerMinute = request.ratePerMinute() == null ? DEFAULT_RATE : request.ratePerMinute();
        c.active = true;
        c.createdBy = caller.userId();
        c.createdAt = DbClock.now();
        return tx.inTenant(caller.tenantId(), () -> channels.persistAndFlush(c)
                .call(saved -> audit.record(caller, "CHANNEL_CREATED", "channel", saved.id, null,
                        ChannelSnapshot.of(saved, true))))
                .onFailure(e -> Failures.isUniqueViolation(e, "channel_name"))
                .transform(e -> ProblemException.conflict("CHANNEL_NAME_TAKEN", "a channel named '" + c.name
                        + "' exists already", Map.of("name", c.name)))
                .map(saved -> Response.created(URI.create("/api/v1/channels/" + saved.id)).entity(ChannelView.of(saved))
                        .build());
    }

    @GET
    public Uni<List<ChannelView>> list() {
        String tenant = actor.get().tenantId();
        return tx.inTenant(tenant, () -> channels.listInTenant(tenant)).map(l -> l.stream().map(ChannelView::of).toList());
    }

    /** Retires a channel: its key stops working at once (forms get 404); its leads stay. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> retire(@PathParam("id") UUID id) {
        Actor caller = actor.get();
        String tenant = caller.tenantId();
        return tx.inTenant(tenant, () -> channels.findInTenant(tenant, id).chain(c -> {
            if (c == null || !c.active) {
                return Uni.createFrom().failure(ProblemException.notFound("active channel " + id));
            }
            return channels.deactivate(tenant, id).chain(n -> n == 0
                    ? Uni.createFrom().failure(ProblemException.notFound("active channel " + id))
                    : audit.record(caller, "CHANNEL_DISABLED", "channel", id, ChannelSnapshot.of(c, true),
                            ChannelSnapshot.of(c, false)));
        })).replaceWith(() -> Response.noContent().build());
    }

    /** 24 random bytes: not guessable, safe in a URL. */
    static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "wf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
