package io.leadpool.platform.tx;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;
import java.util.function.Supplier;

/**
 * Runs work in one database transaction bound to one tenant. The tenant is set with
 * {@code set_config('app.tenant_id', …, true)}: local to the transaction, so a pooled connection never
 * carries it into someone else's request. Row-level security policies read it.
 */
@ApplicationScoped
public class TenantTransactions {

    /** The MDC key of the tenant whose transaction is running: every log line written meanwhile names it. */
    public static final String MDC_TENANT = "tenantId";

    public <T> Uni<T> inTenant(String tenantId, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            MDC.put(MDC_TENANT, tenantId);
            return Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery("select set_config('app.tenant_id', :tenant, true)")
                            .setParameter("tenant", tenantId)
                            .getSingleResult())
                    .chain(ignored -> work.get()));
        }).onTermination().invoke(() -> MDC.remove(MDC_TENANT));
    }
}
