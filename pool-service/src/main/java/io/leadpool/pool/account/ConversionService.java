package io.leadpool.pool.account;

import io.leadpool.events.LeadConverted;
import io.leadpool.events.Uuid7;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.text.CompanyKey;
import io.leadpool.platform.tx.DbClock;
import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.pool.account.AccountRepository.Found;
import io.leadpool.pool.lead.HistoryEntry;
import io.leadpool.pool.lead.Lead;
import io.leadpool.pool.lead.LeadState;
import io.leadpool.pool.lead.repository.LeadRepository;
import io.leadpool.pool.lead.service.LeadChangeLog;
import io.leadpool.pool.lead.service.LeadQueries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One lead becomes an account (or joins the existing account of the same company key instead of making a
 * twin), a contact and an opportunity, in one transaction with one conditional write of the lead, one
 * history row and one {@link LeadConverted} event.
 */
@ApplicationScoped
public class ConversionService {

    /** What a conversion made. */
    public record Converted(UUID accountId, UUID contactId, UUID opportunityId, boolean accountCreated) {
    }

    private final LeadQueries queries;
    private final LeadRepository leads;
    private final AccountRepository accounts;
    private final LeadChangeLog changes;
    private final TenantTransactions tx;

    public ConversionService(LeadQueries queries, LeadRepository leads, AccountRepository accounts,
            LeadChangeLog changes, TenantTransactions tx) {
        this.queries = queries;
        this.leads = leads;
        this.accounts = accounts;
        this.changes = changes;
        this.tx = tx;
    }

    /** The owner converts their lead; a lead admin may convert any owned lead of the tenant. */
    public Uni<Converted> convert(Actor actor, UUID leadId, String opportunityName, BigDecimal amount,
            UUID accountId) {
        Instant now = DbClock.now();
        String tenant = actor.tenantId();
        return tx.inTenant(tenant, () -> queries.visible(actor, leadId).chain(lead -> {
            if (lead.state == LeadState.CONVERTED) {
                return Uni.createFrom().failure(ProblemException.conflict("ALREADY_CONVERTED",
                        "the lead was converted already", Map.of("leadId", lead.id, "accountId", lead.accountId)));
            }
            boolean owner = lead.isOwnedBy(actor.userId());
            if (!owner && !(actor.has(Actor.LEAD_ADMIN) && lead.ownerId != null)) {
                return Uni.createFrom().failure(ProblemException.conflict("NOT_OWNER",
                        "only the owner of a lead can convert it", Map.of("leadId", lead.id, "state", lead.state)));
            }
            return account(actor, lead, accountId, now).chain(account -> write(actor, lead, account,
                    opportunityName, amount, now));
        }));
    }

    /**
     * The given account, if the actor may see it: a rep names only an account they have a part in (one
     * they could read), so an account of another rep is as unknown as another tenant's. Else the
     * account of the lead's company, or a new one.
     */
    private Uni<Found> account(Actor actor, Lead lead, UUID accountId, Instant now) {
        String tenant = actor.tenantId();
        if (accountId != null) {
            return accounts.visible(actor, accountId)
                    .onItem().ifNull().failWith(() -> ProblemException.invalid("accountId", "no such account"))
                    .map(a -> new Found(a.id(), false));
        }
        String name = lead.company != null && !lead.company.isBlank() ? lead.company
                : lead.name != null ? lead.name : "Account of lead " + lead.id;
        Optional<String> key = CompanyKey.of(lead.company);
        return key.isPresent() ? accounts.ofCompany(tenant, key.get(), name, lead.ownerId, now)
                : accounts.create(tenant, name, lead.ownerId, now);
    }

    private Uni<Converted> write(Actor actor, Lead lead, Found account, String opportunityName, BigDecimal amount,
            Instant now) {
        String tenant = actor.tenantId();
        UUID contactId = Uuid7.next();
        UUID opportunityId = Uuid7.next();
        return leads.convert(tenant, lead.id, lead.version, lead.ownerId, account.id(), contactId, opportunityId, now)
                .chain(updated -> updated == 0
                        ? Uni.createFrom().failure(ProblemException.conflict("CONCURRENT_CHANGE",
                                "the lead changed while it was being converted; read it again",
                                Map.of("leadId", lead.id)))
                        : accounts.addContact(tenant, contactId, account.id(), lead.id, lead.name, lead.phone,
                                lead.email, lead.ownerId, now))
                .chain(() -> accounts.addOpportunity(tenant, opportunityId, account.id(), contactId, lead.id,
                        opportunityName, amount, lead.ownerId, now))
                .chain(() -> leads.reload(lead))
                .chain(fresh -> changes.record(tenant, fresh, HistoryEntry.Action.CONVERTED, actor.userId(),
                        actor.username(), fresh.ownerId, fresh.ownerId, opportunityName,
                        new LeadConverted(fresh.id, fresh.poolId, fresh.ownerId, account.id(), account.created(),
                                contactId, opportunityId, opportunityName, amount, fresh.version, now), now))
                .replaceWith(new Converted(account.id(), contactId, opportunityId, account.created()));
    }
}
