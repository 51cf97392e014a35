package io.leadpool.platform.tenancy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens this replica has verified, remembered until they expire. A rep's phone sends the same access
 * token with every request for its whole life (five minutes in Keycloak); verifying it each time (the signature,
 * the claims' JSON, the identity built from them) was half of what pool-service did for a refused claim
 * (bench/README, "Where a service spends its CPU"). A remembered token skips all of that and answers the identity
 * OIDC built the first time.
 *
 * <p>What keeps that as safe as verifying again:
 * <ul>
 * <li>The key is the whole token, signature included: a token that differs in one character is another token,
 * verified in full.</li>
 * <li>Only identities OIDC built are remembered ({@link RememberVerifiedTokens} sees them before any other
 * augmentor), and every augmentor runs again on a remembered one, as on a fresh one.</li>
 * <li>An entry ends at the token's {@code exp} (without the grace OIDC allows) or after
 * {@code leadpool.tenancy.verified-tokens.max-age}, whichever is first: a realm that withdraws a key stops
 * being obeyed at most that much later.</li>
 * <li>The tenant is resolved per request before any identity provider runs, from the registry as it is now: a
 * suspended tenant's remembered tokens get no identity, and an entry answers only the tenant it was verified
 * for.</li>
 * <li>A token bound to its sender ({@code cnf}: DPoP, a client certificate) is never remembered: its proof belongs to
 * each request.</li>
 * <li>What OIDC ties to the request it verified on (its routing context and request context) is not kept; the
 * identity handed out carries the current request's.</li>
 * </ul>
 */
@ApplicationScoped
public class VerifiedTokens {

    static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();
    private static final long PURGE_EVERY_MS = 1000;

    private record Entry(QuarkusSecurityIdentity identity, String tenant, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final boolean enabled;
    private final long maxAgeMs;
    private final int maxEntries;
    private final LongSupplier clock;
    private final Counter hits;
    private final Counter misses;
    private volatile long lastPurge;

    @Inject
    public VerifiedTokens(TenancyConfig config, MeterRegistry registry) {
        this(config.verifiedTokens(), registry, System::currentTimeMillis);
    }

    VerifiedTokens(TenancyConfig.VerifiedTokenCache config, MeterRegistry registry, LongSupplier clock) {
        this.enabled = config.cache();
        this.maxAgeMs = config.maxAge().toMillis();
        this.maxEntries = config.maxEntries();
        this.clock = clock;
        this.hits = registry.counter("leadpool.verified.tokens", Tags.of("outcome", "remembered"));
        this.misses = registry.counter("leadpool.verified.tokens", Tags.of("outcome", "verified"));
        registry.gaugeMapSize("leadpool.verified.tokens.size", Tags.empty(), entries);
    }

    /**
     * The identity verified for this token, for the current request; null when the token is not remembered (or no
     * longer), or was verified for another tenant than the one this request resolved to.
     */
    SecurityIdentity recall(String token, String tenant, Object routingContext, Object requestContext) {
        if (!enabled) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null || !entry.tenant().equals(tenant)) {
            misses.increment();
            return null;
        }
        if (entry.expiresAt() <= clock.getAsLong()) {
            entries.remove(token, entry);
            misses.increment();
            return null;
        }
        hits.increment();
        Map<String, Object> attributes = new HashMap<>(entry.identity().getAttributes());
        attributes.put(ROUTING_CONTEXT, routingContext);
        attributes.put(REQUEST_CONTEXT, requestContext);
        return copy(entry.identity(), attributes);
    }

    /** Remembers an identity OIDC has just built from a bearer token; anything else is left alone. */
    void remember(SecurityIdentity identity) {
        if (!enabled || identity.isAnonymous() || !(identity instanceof QuarkusSecurityIdentity verified)
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        String tenant = identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE);
        // A sender-constrained token (cnf: DPoP or a client certificate) must be checked against each request's proof.
        if (credential == null || credential.getToken() == null || tenant == null || jwt.containsClaim("cnf")
                || entries.containsKey(credential.getToken())) {
            return;
        }
        long now = clock.getAsLong();
        long expiresAt = Math.min(jwt.getExpirationTime() * 1000, now + maxAgeMs);
        if (expiresAt <= now || !roomFor(now)) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>(verified.getAttributes());
        attributes.remove(ROUTING_CONTEXT);
        attributes.remove(REQUEST_CONTEXT);
        entries.put(credential.getToken(), new Entry(copy(verified, attributes), tenant, expiresAt));
    }

    int size() {
        return entries.size();
    }

    private boolean roomFor(long now) {
        if (entries.size() < maxEntries) {
            return true;
        }
        if (now - lastPurge >= PURGE_EVERY_MS) {
            lastPurge = now;
            entries.values().removeIf(e -> e.expiresAt() <= now);
        }
        return entries.size() < maxEntries;
    }

    /**
     * The identity with other attributes. Built afresh rather than through {@code builder(identity)}, whose
     * permission check keeps the identity it was made from, and with it the request that identity was verified on.
     * OIDC grants permissions only as possessed ones (the token's scopes), which {@code getPermissions()} holds.
     */
    private static QuarkusSecurityIdentity copy(QuarkusSecurityIdentity identity, Map<String, Object> attributes) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(attributes)
                .addPermissions(identity.getPermissions())
                .setAnonymous(false)
                .build();
    }
}
