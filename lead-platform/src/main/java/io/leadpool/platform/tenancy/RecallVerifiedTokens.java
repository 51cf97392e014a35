package io.leadpool.platform.tenancy;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers a bearer token this replica has already verified with the identity it verified to ({@link VerifiedTokens});
 * answers nothing otherwise, and Quarkus then asks the next provider, OIDC's, which verifies it in full.
 */
@ApplicationScoped
public class RecallVerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokens tokens;

    public RecallVerifiedTokens(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of OIDC's provider, which keeps the interface's default. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!(request.getToken() instanceof AccessTokenCredential bearer) || http == null) {
            return Uni.createFrom().nullItem();
        }
        // The tenant OIDC resolved for this request, from the registry as it is now.
        String tenant = http.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        return Uni.createFrom().item(tokens.recall(bearer.getToken(), tenant, http,
                http.get(VerifiedTokens.REQUEST_CONTEXT)));
    }
}
