package io.leadpool.platform.tenancy;

import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The {@link Actor} of the current request, read from the verified token. */
@RequestScoped
public class CurrentActor {

    private final SecurityIdentity identity;

    public CurrentActor(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller; 401 when the request carries no verified tenant token. */
    public Actor get() {
        String tenant = identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE);
        if (identity.isAnonymous() || tenant == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new UnauthorizedException();
        }
        String username = firstNonBlank(jwt.getClaim("preferred_username"), jwt.getClaim("azp"), jwt.getSubject());
        return new Actor(tenant, jwt.getSubject(), username, identity.getRoles());
    }

    private static String firstNonBlank(Object... values) {
        for (Object v : values) {
            if (v != null && !v.toString().isBlank()) {
                return v.toString();
            }
        }
        return null;
    }
}
