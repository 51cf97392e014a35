package io.leadpool.platform.tenancy;

import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which roles a realm may grant. The platform realm grants only {@code platform-admin}; a tenant realm
 * never grants it, whatever its own administrators named their roles. So a tenant cannot reach the
 * tenant registry, and a platform operator's token reaches no tenant's data.
 */
@ApplicationScoped
public class RealmRoles implements SecurityIdentityAugmentor {

    public static final String PLATFORM_ADMIN = "platform-admin";

    private final TenancyConfig config;

    public RealmRoles(TenancyConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        String realm = identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE);
        if (identity.isAnonymous() || realm == null) {
            return Uni.createFrom().item(identity);
        }
        boolean platform = realm.equals(config.platformRealm());
        Set<String> roles = identity.getRoles().stream()
                .filter(role -> platform == PLATFORM_ADMIN.equals(role))
                .collect(Collectors.toSet());
        if (roles.equals(identity.getRoles())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addAttributes(identity.getAttributes())
                .addCredentials(identity.getCredentials())
                .addRoles(roles)
                .addPermissionChecker(identity::checkPermission)
                .setAnonymous(false)
                .build());
    }
}
