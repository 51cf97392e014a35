package io.leadpool.platform.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which tenants exist and how their tokens are checked. A tenant is a realm of the identity provider. */
@ConfigMapping(prefix = "leadpool.tenancy")
public interface TenancyConfig {

    /**
     * The tenant ids (realm names) this deployment serves from the start; the tenant registry adds others
     * at run time (TenantDirectory).
     */
    Set<String> tenants();

    /**
     * The realm of the platform's own operators (role {@code platform-admin}): its tokens reach the tenant
     * registry and nothing of any tenant. It can never be registered as a tenant.
     */
    @WithDefault("platform")
    String platformRealm();

    /** Base URL of the realms: a tenant's issuer is {@code realmsUrl + "/" + tenant}. */
    String realmsUrl();

    /**
     * Base URL the realms' metadata and keys are fetched from when the services reach the identity
     * provider by another address than the issuer's (in Kubernetes: the Keycloak service inside the
     * cluster, while tokens name the public host). Empty: {@link #realmsUrl()}. The issuer a token must
     * carry stays {@code realmsUrl + "/" + tenant} either way.
     */
    Optional<String> keysUrl();

    /** The audience every access token must carry. */
    @WithDefault("lead-pool-api")
    String audience();

    /**
     * Optional per-tenant RSA public key (base64 X.509) to verify tokens locally instead of fetching the
     * realm's keys. Used by tests; production leaves it empty and uses the realm's JWKS.
     */
    Map<String, String> publicKeys();

    /** Bearer tokens a replica has verified and remembers for their next requests ({@link VerifiedTokens}). */
    VerifiedTokenCache verifiedTokens();

    interface VerifiedTokenCache {

        /** Off: every request's token is verified in full. */
        @WithDefault("true")
        boolean cache();

        /**
         * The longest a verified token is remembered, however long it has left: how long a signing key the realm
         * has withdrawn goes on being honoured for tokens already seen. Never past the token's own {@code exp}.
         */
        @WithDefault("PT1M")
        Duration maxAge();

        /**
         * How many tokens a replica remembers at most (a few kilobytes each). When full, the expired ones are
         * dropped, at most once a second; tokens beyond the bound are verified in full every time.
         */
        @WithDefault("1024")
        int maxEntries();
    }
}
