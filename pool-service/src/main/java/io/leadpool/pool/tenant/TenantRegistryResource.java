package io.leadpool.pool.tenant;

import io.leadpool.events.TenantChanged;
import io.leadpool.events.TenantChanged.Status;
import io.leadpool.platform.audit.AuditLog;
import io.leadpool.platform.outbox.Outbox;
import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.tenancy.Actor;
import io.leadpool.platform.tenancy.CurrentActor;
import io.leadpool.platform.tenancy.RealmRoles;
import io.leadpool.platform.tenancy.TenancyConfig;
import io.leadpool.platform.tx.Failures;
import io.leadpool.platform.tx.SystemTransactions;
import io.leadpool.platform.tx.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tenant registry, for the platform's operators only ({@code platform-admin} of the platform realm):
 * a tenant is a realm of the identity provider; registering it here (after the realm exists) makes every
 * service accept its tokens within seconds, without a redeploy; suspending it turns them away. Each
 * change is one transaction with its {@code TenantChanged} event in the outbox.
 */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_ADMIN)
public class TenantRegistryResource {

    /** Realm names as Keycloak allows them and as they read in an issuer URL. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final int MAX_NAME = 200;

    public record NewTenant(String tenantId, String displayName) {
    }

    public record TenantChange(String displayName, Status status) {
    }

    public record Tenant(String tenantId, String displayName, Status status, long version, Instant createdAt,
            String createdBy, Instant updatedAt, String updatedBy) {
    }

    private static final String COLUMNS = "tenant_id, display_name, status, version, created_at, created_by,"
            + " updated_at, updated_by";

    private final TenantTransactions tx;
    private final SystemTransactions system;
    private final Outbox outbox;
    private final CurrentActor actor;
    private final TenancyConfig config;
    private final AuditLog audit;

    public TenantRegistryResource(TenantTransactions tx, SystemTransactions system, Outbox outbox, CurrentActor actor,
            TenancyConfig config, AuditLog audit) {
        this.audit = audit;
        this.tx = tx;
        this.system = system;
        this.outbox = outbox;
        this.actor = actor;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(NewTenant body) {
        if (body == null || body.tenantId() == null || !TENANT_ID.matcher(body.tenantId()).matches()) {
            return Uni.createFrom().failure(ProblemException.invalid("tenantId",
                    "2 to 40 characters: lower-case letters, digits and '-', starting with a letter"));
        }
        if (body.tenantId().equals(config.platformRealm())) {
            return Uni.createFrom().failure(ProblemException.invalid("tenantId", "the platform's own realm is no tenant"));
        }
        String name = validName(body.displayName());
        Actor by = actor.get();
        Instant now = Instant.now();
        Tenant tenant = new Tenant(body.tenantId(), name, Status.ACTIVE, 1, now, by.username(), now, by.username());
        return tx.inTenant(tenant.tenantId(), () -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "insert into tenant_registry (" + COLUMNS + ") values (:t, :n, :s, :v, :c, :cb, :u, :ub)")
                        .setParameter("t", tenant.tenantId()).setParameter("n", tenant.displayName())
                        .setParameter("s", tenant.status().name()).setParameter("v", tenant.version())
                        .setParameter("c", now).setParameter("cb", tenant.createdBy())
                        .setParameter("u", now).setParameter("ub", tenant.updatedBy()).executeUpdate())
                        .chain(() -> publish(tenant))
                        .chain(() -> audit.record(operator(by, tenant.tenantId()), "TENANT_REGISTERED", "tenant",
                                tenant.tenantId(), null, tenant)))
                .onFailure(e -> Failures.isUniqueViolation(e, "tenant_registry_pkey")).transform(e -> ProblemException.conflict("TENANT_EXISTS",
                        "tenant " + tenant.tenantId() + " is registered already", Map.of("tenantId", tenant.tenantId())))
                .replaceWith(() -> Response.created(URI.create("/api/v1/tenants/" + tenant.tenantId())).entity(tenant).build());
    }

    @GET
    public Uni<List<Tenant>> list() {
        // Every tenant's row: a platform job, as the system role (which may only read this table here).
        return system.asSystem(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select " + COLUMNS + " from tenant_registry order by tenant_id", Object[].class).getResultList()))
                .map(rows -> {
                    List<Tenant> tenants = new ArrayList<>();
                    rows.forEach(r -> tenants.add(tenant(r)));
                    return tenants;
                });
    }

    @GET
    @Path("/{tenantId}")
    public Uni<Tenant> get(@PathParam("tenantId") String tenantId) {
        return tx.inTenant(tenantId, () -> find(tenantId)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("tenant"));
    }

    /** Renames or suspends/reactivates a tenant; fields left out stay as they are. */
    @PUT
    @Path("/{tenantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Tenant> change(@PathParam("tenantId") String tenantId, TenantChange body) {
        if (body == null || (body.displayName() == null && body.status() == null)) {
            return Uni.createFrom().failure(ProblemException.invalid("status", "give a displayName, a status or both"));
        }
        String name = body.displayName() == null ? null : validName(body.displayName());
        Actor operator = actor.get();
        String by = operator.username();
        return tx.inTenant(tenantId, () -> find(tenantId).chain(before -> {
            if (before == null) {
                return Uni.createFrom().failure(ProblemException.notFound("tenant"));
            }
            return Panache.getSession().chain(s -> s.createNativeQuery(
                            "update tenant_registry set display_name = coalesce(:n, display_name),"
                                    + " status = coalesce(:s, status), version = version + 1, updated_at = :u,"
                                    + " updated_by = :ub where tenant_id = :t returning " + COLUMNS, Object[].class)
                            .setParameter("n", name).setParameter("s", body.status() == null ? null : body.status().name())
                            .setParameter("u", Instant.now()).setParameter("ub", by).setParameter("t", tenantId)
                            .getSingleResult())
                    .chain(row -> {
                        Tenant changed = tenant(row);
                        return publish(changed)
                                .chain(() -> audit.record(operator(operator, tenantId), "TENANT_CHANGED", "tenant",
                                        tenantId, before, changed))
                                .replaceWith(changed);
                    });
        }));
    }

    /**
     * The platform operator as the tenant's audit log names them: the entry belongs to the tenant that was
     * changed, so that its admins see what the platform did to it.
     */
    private static Actor operator(Actor platformAdmin, String tenantId) {
        return new Actor(tenantId, platformAdmin.userId(), "platform:" + platformAdmin.username(), platformAdmin.roles());
    }

    private Uni<Tenant> find(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + COLUMNS
                + " from tenant_registry where tenant_id = :t", Object[].class).setParameter("t", tenantId)
                .getResultList()).map(rows -> rows.isEmpty() ? null : tenant(rows.get(0)));
    }

    private Uni<Void> publish(Tenant t) {
        return outbox.add(t.tenantId(), t.tenantId(), new TenantChanged(t.tenantId(), t.displayName(), t.status(),
                t.version(), t.updatedBy(), t.updatedAt()));
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw ProblemException.invalid("displayName", "1 to " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    private static Tenant tenant(Object[] r) {
        return new Tenant((String) r[0], (String) r[1], Status.valueOf((String) r[2]), ((Number) r[3]).longValue(),
                instant(r[4]), (String) r[5], instant(r[6]), (String) r[7]);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
