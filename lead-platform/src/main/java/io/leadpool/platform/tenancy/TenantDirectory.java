package io.leadpool.platform.tenancy;

import io.leadpool.events.EventCodec;
import io.leadpool.events.TenantChanged;
import io.leadpool.platform.inbox.IdempotentConsumer;
import io.leadpool.platform.tx.SystemTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Which tenants this service serves: those configured ({@code leadpool.tenancy.tenants}) and those the
 * tenant registry (pool-service, {@code /api/v1/tenants}) made since, less the suspended ones. The
 * registry's changes arrive on {@code lead-platform.tenants}; this service's consumer keeps them in its
 * own {@code tenant_directory} table, and every replica re-reads that table every few seconds, so a new
 * tenant is served everywhere without a redeploy or a restart.
 */
@ApplicationScoped
public class TenantDirectory {

    public static final String CHANNEL = "tenants";

    private final TenancyConfig config;
    private final IdempotentConsumer consumer;
    private final SystemTransactions system;
    private volatile Map<String, TenantChanged.Status> registered = Map.of();

    public TenantDirectory(TenancyConfig config, IdempotentConsumer consumer, SystemTransactions system) {
        this.config = config;
        this.consumer = consumer;
        this.system = system;
    }

    /** Whether tokens of this realm are served: configured or registered, and not suspended. */
    public boolean serves(String tenant) {
        TenantChanged.Status status = registered.get(tenant);
        return status == null ? config.tenants().contains(tenant) : status == TenantChanged.Status.ACTIVE;
    }

    void load(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(this::refresh);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the tenant directory", e);
        }
    }

    @Scheduled(every = "${leadpool.tenancy.refresh-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        return refresh().onFailure().invoke(e -> Log.warnf("tenant directory refresh failed, keeping the last: %s",
                e.toString())).onFailure().recoverWithNull();
    }

    /** Re-reads the directory table (every tenant's row: the system role may read this table only). */
    public Uni<Void> refresh() {
        return system.asSystem(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select tenant_id, status from tenant_directory", Object[].class).getResultList()))
                .invoke(this::replace).replaceWithVoid();
    }

    private void replace(List<Object[]> rows) {
        Map<String, TenantChanged.Status> fresh = new HashMap<>();
        for (Object[] r : rows) {
            fresh.put((String) r[0], TenantChanged.Status.valueOf((String) r[1]));
        }
        registered = Map.copyOf(fresh);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onTenantChanged(String json) {
        return consumer.consume("platform.tenant-directory", json, event -> {
            TenantChanged change = EventCodec.payload(event, TenantChanged.class);
            // Newest version wins, so a replayed or late event never undoes a later change.
            return Panache.getSession().chain(s -> s.createNativeQuery("insert into tenant_directory"
                    + " (tenant_id, display_name, status, version, updated_at) values (:t, :n, :s, :v, :at)"
                    + " on conflict (tenant_id) do update set display_name = excluded.display_name,"
                    + " status = excluded.status, version = excluded.version, updated_at = excluded.updated_at"
                    + " where tenant_directory.version < excluded.version")
                    .setParameter("t", change.tenantId()).setParameter("n", change.displayName())
                    .setParameter("s", change.status().name()).setParameter("v", change.version())
                    .setParameter("at", change.at()).executeUpdate()).replaceWithVoid();
        }).chain(this::refresh);
    }
}
