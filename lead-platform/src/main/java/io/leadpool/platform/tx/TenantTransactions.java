package io.leadpool.platform.tx;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.MDC;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs work in one database transaction bound to one tenant. The tenant is set with
 * {@code set_config('app.tenant_id', …, true)}: local to the transaction, so a pooled connection never
 * carries it into someone else's request. Row-level security policies read it.
 */
@ApplicationScoped
public class TenantTransactions {

    /** The MDC key of the tenant whose transaction is running: every log line written meanwhile names it. */
    public static final String MDC_TENANT = "tenantId";

    private final String lockTimeout;

    /**
     * @param lockTimeout how long a statement waits for a row lock before the transaction gives up (a
     *                    session left idle in a transaction, holding locks, must not stall a request for
     *                    longer; the client gets 503 {@code DATABASE_BUSY} and may retry)
     */
    public TenantTransactions(@ConfigProperty(name = "leadpool.db.lock-timeout", defaultValue = "5s") String lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public <T> Uni<T> inTenant(String tenantId, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            MDC.put(MDC_TENANT, tenantId);
            return Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery("select set_config('app.tenant_id', :tenant, true),"
                                    + " set_config('lock_timeout', :lockTimeout, true)")
                            .setParameter("tenant", tenantId)
                            .setParameter("lockTimeout", lockTimeout)
                            .getSingleResult())
                    .chain(ignored -> work.get()));
        }).onTermination().invoke(() -> MDC.remove(MDC_TENANT));
    }
}
