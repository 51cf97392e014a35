package io.leadpool.pool.account;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tx.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account with its contacts and opportunities. Admins and managers see every account of the tenant; a
 * rep only those they own or have a contact or opportunity in. Anything else does not exist (404).
 */
@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    public record AccountView(UUID id, String name, String companyKey, String ownerId, Instant createdAt,
            List<AccountRepository.Contact> contacts, List<AccountRepository.Opportunity> opportunities) {
    }

    private final AccountRepository accounts;
    private final TenantTransactions tx;
    private final CurrentActor actor;

    public AccountResource(AccountRepository accounts, TenantTransactions tx, CurrentActor actor) {
        this.accounts = accounts;
        this.tx = tx;
        this.actor = actor;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Actor.LEAD_ADMIN, Actor.SALES_MANAGER, Actor.SALES_REP })
    public Uni<AccountView> get(@PathParam("id") UUID id) {
        Actor me = actor.get();
        String tenant = me.tenantId();
        return tx.inTenant(tenant, () -> accounts.visible(me, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("account " + id))
                .chain(a -> accounts.contacts(tenant, id).chain(contacts -> accounts.opportunities(tenant, id)
                        .map(opps -> new AccountView(a.id(), a.name(), a.companyKey(), a.ownerId(), a.createdAt(),
                                contacts, opps)))));
    }
}
