package io.leadpool.platform.tx;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.MDC;
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

    /** The context-local list of what waits for the running transaction's commit ({@link #afterCommit}). */
    private static final String AFTER_COMMIT = TenantTransactions.class.getName() + ".afterCommit";

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
            Uni<T> transaction = Panache.withTransaction(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery("select set_config('app.tenant_id', :tenant, true),"
                                    + " set_config('lock_timeout', :lockTimeout, true)")
                            .setParameter("tenant", tenantId)
                            .setParameter("lockTimeout", lockTimeout)
                            .getSingleResult())
                    .chain(ignored -> work.get()));
            if (!VertxContext.isOnDuplicatedContext() || pending().isPresent()) {
                return transaction; // inside another inTenant: its actions wait for the outer commit
            }
            List<Runnable> actions = new ArrayList<>();
            ContextLocals.put(AFTER_COMMIT, actions);
            return transaction.onTermination().invoke(() -> ContextLocals.remove(AFTER_COMMIT))
                    .invoke(() -> actions.forEach(TenantTransactions::runQuietly));
        }).onTermination().invoke(() -> MDC.remove(MDC_TENANT));
    }

    /**
     * Runs {@code action} once the transaction of {@link #inTenant} that the caller is in has committed, and never if
     * it rolls back; at once outside one (or off a Vert.x duplicated context, where there is nowhere to keep it). For
     * what must not count work that is then undone and done again: a batch a consumer applies again one event at a
     * time after it failed, an event retried.
     */
    public static void afterCommit(Runnable action) {
        pending().ifPresentOrElse(actions -> actions.add(action), action);
    }

    /** The actions waiting for the commit of the outermost {@link #inTenant} running on this context, if any. */
    private static Optional<List<Runnable>> pending() {
        return VertxContext.isOnDuplicatedContext() ? ContextLocals.get(AFTER_COMMIT) : Optional.empty();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            Log.warnf(e, "an action after a commit failed");
        }
    }
}
