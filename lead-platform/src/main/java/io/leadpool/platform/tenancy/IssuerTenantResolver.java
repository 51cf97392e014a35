package io.leadpool.platform.tenancy;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the OIDC tenant from the bearer token's issuer. The issuer is read without trusting it: it
 * only chooses whose keys the token is then verified against, and the chosen configuration demands
 * exactly that issuer and the suite's audience. A token from an unknown or suspended tenant's issuer
 * resolves to no tenant and the request stays anonymous (401 on every protected endpoint). The platform
 * realm resolves too; {@link RealmRoles} keeps its tokens to the platform's own role.
 */
@ApplicationScoped
public class IssuerTenantResolver implements TenantConfigResolver {

    private final TenancyConfig config;
    private final TenantDirectory directory;
    private final Map<String, OidcTenantConfig> byTenant = new ConcurrentHashMap<>();

    public IssuerTenantResolver(TenancyConfig config, TenantDirectory directory) {
        this.config = config;
        this.directory = directory;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        return Uni.createFrom().item(() -> bearer(context)
                .flatMap(IssuerTenantResolver::unverifiedIssuer)
                .flatMap(this::tenantOf)
                .map(tenant -> byTenant.computeIfAbsent(tenant, this::tenantConfig))
                .orElse(null));
    }

    Optional<String> tenantOf(String issuer) {
        String base = config.realmsUrl().endsWith("/") ? config.realmsUrl() : config.realmsUrl() + "/";
        if (!issuer.startsWith(base)) {
            return Optional.empty();
        }
        String tenant = issuer.substring(base.length());
        return directory.serves(tenant) || tenant.equals(config.platformRealm()) ? Optional.of(tenant) : Optional.empty();
    }

    private OidcTenantConfig tenantConfig(String tenant) {
        String issuer = issuer(config, tenant);
        String keys = keysUrl(config, tenant);
        String publicKey = config.publicKeys().get(tenant);
        var builder = publicKey == null ? OidcTenantConfig.authServerUrl(keys) : OidcTenantConfig.builder().publicKey(publicKey);
        return builder.tenantId(tenant)
                .applicationType(ApplicationType.SERVICE)
                .roles().roleClaimPath("realm_access/roles").end()
                .token().issuer(issuer).audience(config.audience()).end()
                .build();
    }

    /** The issuer a tenant's tokens must name. */
    static String issuer(TenancyConfig config, String tenant) {
        return config.realmsUrl().replaceAll("/$", "") + "/" + tenant;
    }

    /** Where a tenant's metadata and keys are fetched from: {@code keys-url} if set, else the issuer. */
    static String keysUrl(TenancyConfig config, String tenant) {
        return config.keysUrl().map(url -> url.replaceAll("/$", "") + "/" + tenant).orElse(issuer(config, tenant));
    }

    private static Optional<String> bearer(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    static Optional<String> unverifiedIssuer(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return Optional.ofNullable(claims.getString("iss"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
