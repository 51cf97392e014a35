package io.leadpool.platform.tx;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a cross-tenant system job (outbox relay, recycle sweep, import lease, inbox pruning, web-form key
 * look-up) in one transaction under the database's system role ({@code SET LOCAL ROLE}). Row-level
 * security gives that role all tenants' rows only of the tables whose migrations grant it, and nothing
 * of the others; the role falls back to the application role when the transaction ends, so a pooled
 * connection never carries it into a request.
 */
@ApplicationScoped
public class SystemTransactions {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String setRole;

    public SystemTransactions(@ConfigProperty(name = "leadpool.db.system-role") String systemRole) {
        if (!IDENTIFIER.matcher(systemRole).matches()) {
            throw new IllegalArgumentException("leadpool.db.system-role is not a plain role name: " + systemRole);
        }
        this.setRole = "set local role " + systemRole;
    }

    /** Through Hibernate's session (Panache): the work runs in the transaction. */
    public <T> Uni<T> asSystem(Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(setRole).executeUpdate())
                .chain(ignored -> work.get()));
    }

    /** Through the raw SQL client. */
    public <T> Uni<T> asSystem(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(conn -> conn.query(setRole).execute().chain(() -> work.apply(conn)));
    }
}
