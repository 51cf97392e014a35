package io.leadpool.pool.notification;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** The caller's notices: reminders ahead of deadlines, leads taken back, leads of theirs brought in again. */
@Path("/api/v1/me/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    static final int MAX_LIMIT = 200;

    private final Notifications notifications;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public NotificationResource(Notifications notifications, TenantTransactions tx, CurrentActor actor) {
        this.notifications = notifications;
        this.tx = tx;
        this.actor = actor;
    }

    @GET
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<List<Notifications.Notice>> mine(@QueryParam("unread") @DefaultValue("false") boolean unread,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Uni.createFrom().failure(ProblemException.invalid("limit", "between 1 and " + MAX_LIMIT));
        }
        Actor me = actor.get();
        return tx.inTenant(me.tenantId(), () -> notifications.of(me.tenantId(), me.userId(), unread, limit));
    }

    @POST
    @Path("/{id}/read")
    @RolesAllowed({ Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<Void> read(@PathParam("id") UUID id) {
        Actor me = actor.get();
        return tx.inTenant(me.tenantId(), () -> notifications.markRead(me.tenantId(), me.userId(), id, DbClock.now()))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(ProblemException.notFound("notification " + id)));
    }
}
