package io.leadpool.dedup.policy;

import io.leadpool.dedup.identity.Policy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Each tenant's company-match policy; tenants that never set one have the configured default. */
@ApplicationScoped
public class PolicyRepository {

    private final Policy defaults;

    public PolicyRepository(@ConfigProperty(name = "leadpool.dedup.company-match") Policy.CompanyMatch companyMatch,
            @ConfigProperty(name = "leadpool.dedup.company-threshold") double threshold) {
        this.defaults = new Policy(companyMatch, threshold);
    }

    public Policy defaults() {
        return defaults;
    }

    public Uni<Policy> of(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select company_match, cast(threshold as float8)"
                + " from dedup_policy where tenant_id = :t", Object[].class).setParameter("t", tenantId)
                .getSingleResultOrNull())
                .map(r -> r == null ? defaults
                        : new Policy(Policy.CompanyMatch.valueOf((String) r[0]), ((Number) r[1]).doubleValue()));
    }

    public Uni<Void> save(String tenantId, Policy policy, String by, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into dedup_policy (tenant_id, company_match,"
                + " threshold, updated_by, updated_at) values (:t, :m, :th, :by, :at) on conflict (tenant_id) do update"
                + " set company_match = excluded.company_match, threshold = excluded.threshold,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .setParameter("t", tenantId).setParameter("m", policy.companyMatch().name())
                .setParameter("th", (float) policy.threshold()).setParameter("by", by).setParameter("at", at)
                .executeUpdate()).replaceWithVoid();
    }
}
