package io.leadpool.pool.account;

import io.leadpool.events.Uuid7;
import io.leadpool.platform.tx.SqlValues;
import io.leadpool.platform.tenancy.Actor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Accounts, contacts and opportunities of a tenant; every statement names the tenant. */
@ApplicationScoped
public class AccountRepository {

    /** An account as stored. */
    public record Account(UUID id, String name, String companyKey, String ownerId, Instant createdAt) {
    }

    public record Contact(UUID id, UUID leadId, String name, String phone, String email, String ownerId,
            Instant createdAt) {
    }

    public record Opportunity(UUID id, UUID contactId, UUID leadId, String name, BigDecimal amount, String stage,
            String ownerId, Instant createdAt) {
    }

    /** The account found or made for a conversion, and whether it was made now. */
    public record Found(UUID id, boolean created) {
    }

    /**
     * The tenant's account of a company key, created if there is none. Two conversions of one company at
     * once meet on the unique index: the second waits for the first and then finds its account.
     */
    public Uni<Found> ofCompany(String tenantId, String companyKey, String name, String ownerId, Instant now) {
        UUID id = Uuid7.next();
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into account (id, tenant_id, name,"
                + " company_key, owner_id, created_at) values (:id, :t, :name, :key, :owner, :now)"
                + " on conflict (tenant_id, company_key) where company_key is not null do nothing")
                .setParameter("id", id).setParameter("t", tenantId).setParameter("name", name)
                .setParameter("key", companyKey).setParameter("owner", ownerId).setParameter("now", now)
                .executeUpdate())
                .chain(inserted -> inserted == 1 ? Uni.createFrom().item(new Found(id, true))
                        : Panache.getSession().chain(s -> s.createNativeQuery("select cast(id as text) from account"
                                + " where tenant_id = :t and company_key = :key", String.class)
                                .setParameter("t", tenantId).setParameter("key", companyKey).getSingleResult())
                                .map(found -> new Found(UUID.fromString(found), false)));
    }

    /** A new account without a company key (the lead names no company that could be matched). */
    public Uni<Found> create(String tenantId, String name, String ownerId, Instant now) {
        UUID id = Uuid7.next();
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into account (id, tenant_id, name,"
                + " owner_id, created_at) values (:id, :t, :name, :owner, :now)")
                .setParameter("id", id).setParameter("t", tenantId).setParameter("name", name)
                .setParameter("owner", ownerId).setParameter("now", now).executeUpdate())
                .replaceWith(new Found(id, true));
    }

    public Uni<Account> find(String tenantId, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(id as text), name, company_key,"
                + " owner_id, created_at from account where tenant_id = :t and id = :id", Object[].class)
                .setParameter("t", tenantId).setParameter("id", id).getSingleResultOrNull())
                .map(r -> r == null ? null : new Account(UUID.fromString((String) r[0]), (String) r[1],
                        (String) r[2], (String) r[3], SqlValues.instant(r[4])));
    }

    /**
     * Whether a user has a part in an account: owns it, or owns one of its contacts or opportunities. A rep
     * sees, and may convert into, only such accounts; admins and managers see every account of the tenant.
     */
    public Uni<Boolean> involves(String tenantId, UUID accountId, String userId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select exists (select 1 from account a"
                + " where a.tenant_id = :t and a.id = :id and (a.owner_id = :u"
                + " or exists (select 1 from contact c where c.tenant_id = :t and c.account_id = :id and c.owner_id = :u)"
                + " or exists (select 1 from opportunity o where o.tenant_id = :t and o.account_id = :id"
                + " and o.owner_id = :u)))", Boolean.class)
                .setParameter("t", tenantId).setParameter("id", accountId).setParameter("u", userId)
                .getSingleResult());
    }

    /** The account if the actor may see it (admins and managers: any of the tenant's), else null. */
    public Uni<Account> visible(Actor actor, UUID accountId) {
        String tenant = actor.tenantId();
        return find(tenant, accountId).chain(a -> a == null || actor.seesAllLeads() ? Uni.createFrom().item(a)
                : involves(tenant, accountId, actor.userId()).map(mine -> mine ? a : null));
    }

    public Uni<Void> addContact(String tenantId, UUID id, UUID accountId, UUID leadId, String name, String phone,
            String email, String ownerId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into contact (id, tenant_id, account_id,"
                + " lead_id, name, phone, email, owner_id, created_at) values (:id, :t, :account, :lead, :name,"
                + " :phone, :email, :owner, :now)")
                .setParameter("id", id).setParameter("t", tenantId).setParameter("account", accountId)
                .setParameter("lead", leadId).setParameter("name", name).setParameter("phone", phone)
                .setParameter("email", email).setParameter("owner", ownerId).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> addOpportunity(String tenantId, UUID id, UUID accountId, UUID contactId, UUID leadId,
            String name, BigDecimal amount, String ownerId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into opportunity (id, tenant_id,"
                + " account_id, contact_id, lead_id, name, amount, owner_id, created_at) values (:id, :t, :account,"
                + " :contact, :lead, :name, cast(:amount as numeric), :owner, :now)")
                .setParameter("id", id).setParameter("t", tenantId).setParameter("account", accountId)
                .setParameter("contact", contactId).setParameter("lead", leadId).setParameter("name", name)
                .setParameter("amount", amount).setParameter("owner", ownerId).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<List<Contact>> contacts(String tenantId, UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(id as text), cast(lead_id as text),"
                + " name, phone, email, owner_id, created_at from contact where tenant_id = :t and account_id = :a"
                + " order by created_at, id", Object[].class)
                .setParameter("t", tenantId).setParameter("a", accountId).getResultList())
                .map(rows -> rows.stream().map(r -> new Contact(UUID.fromString((String) r[0]), uuid(r[1]),
                        (String) r[2], (String) r[3], (String) r[4], (String) r[5], SqlValues.instant(r[6]))).toList());
    }

    public Uni<List<Opportunity>> opportunities(String tenantId, UUID accountId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select cast(id as text), cast(contact_id as text),"
                + " cast(lead_id as text), name, amount, stage, owner_id, created_at from opportunity"
                + " where tenant_id = :t and account_id = :a order by created_at, id", Object[].class)
                .setParameter("t", tenantId).setParameter("a", accountId).getResultList())
                .map(rows -> rows.stream().map(r -> new Opportunity(UUID.fromString((String) r[0]), uuid(r[1]),
                        uuid(r[2]), (String) r[3], (BigDecimal) r[4], (String) r[5], (String) r[6],
                        SqlValues.instant(r[7]))).toList());
    }

    private static UUID uuid(Object o) {
        return o == null ? null : UUID.fromString((String) o);
    }
}
