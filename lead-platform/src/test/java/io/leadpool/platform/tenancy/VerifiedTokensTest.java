package io.leadpool.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a replica remembers of a verified token, for how long, and what a remembered identity carries. The whole path
 * through Quarkus (a real token, OIDC's verification, the augmentors, a suspended tenant) is in pool-service's
 * VerifiedTokensTest and TenantRegistryTest.
 */
class VerifiedTokensTest {

    private static final long NOW = 1_800_000_000_000L;
    private final AtomicLong clock = new AtomicLong(NOW);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private VerifiedTokens tokens;

    @BeforeEach
    void cache() {
        tokens = cache(true, Duration.ofMinutes(1), 3);
    }

    @Test
    void a_verified_token_is_answered_with_its_identity_and_the_current_requests_context() {
        Object firstRequest = new Object(), firstContext = new Object();
        tokens.remember(verified("t1", "acme", NOW / 1000 + 300, firstRequest, firstContext));

        Object request = new Object(), context = new Object();
        SecurityIdentity recalled = tokens.recall("t1", "acme", request, context);

        assertThat(recalled).isNotNull();
        assertThat(recalled.isAnonymous()).isFalse();
        assertThat(recalled.getPrincipal().getName()).isEqualTo("ann");
        assertThat(recalled.getRoles()).containsExactlyInAnyOrder("sales-rep", "lead-admin");
        assertThat(recalled.getCredential(AccessTokenCredential.class).getToken()).isEqualTo("t1");
        assertThat((String) recalled.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE)).isEqualTo("acme");
        assertThat((Object) recalled.getAttribute(VerifiedTokens.ROUTING_CONTEXT)).isSameAs(request);
        assertThat((Object) recalled.getAttribute(VerifiedTokens.REQUEST_CONTEXT)).isSameAs(context);
        assertThat(recalled.checkPermission(new StringPermission("openid")).await().indefinitely()).isTrue();
        assertThat(recalled.checkPermission(new StringPermission("admin")).await().indefinitely()).isFalse();
        assertThat(count("remembered")).isEqualTo(1);
    }

    @Test
    void another_token_another_tenant_or_an_unseen_token_is_not_answered() {
        tokens.remember(verified("t1", "acme", NOW / 1000 + 300, null, null));

        assertThat(tokens.recall("t1x", "acme", null, null)).as("one character more").isNull();
        assertThat(tokens.recall("t", "acme", null, null)).as("one character less").isNull();
        assertThat(tokens.recall("t1", "globex", null, null)).as("resolved to another tenant").isNull();
        assertThat(tokens.recall("t1", null, null, null)).as("resolved to no tenant").isNull();
        assertThat(count("verified")).isEqualTo(4);
        assertThat(tokens.recall("t1", "acme", null, null)).isNotNull();
    }

    @Test
    void an_entry_ends_at_the_tokens_expiry_or_after_the_maximum_age_whichever_is_first() {
        tokens.remember(verified("short", "acme", NOW / 1000 + 10, null, null));
        tokens.remember(verified("long", "acme", NOW / 1000 + 3600, null, null));

        clock.set(NOW + 9_999);
        assertThat(tokens.recall("short", "acme", null, null)).isNotNull();
        clock.set(NOW + 10_000);
        assertThat(tokens.recall("short", "acme", null, null)).as("at exp").isNull();

        clock.set(NOW + 59_999);
        assertThat(tokens.recall("long", "acme", null, null)).isNotNull();
        clock.set(NOW + 60_000);
        assertThat(tokens.recall("long", "acme", null, null)).as("after max-age").isNull();
        assertThat(tokens.size()).as("expired entries are dropped when read").isZero();

        // Verified again, it is remembered again from then on.
        tokens.remember(verified("long", "acme", NOW / 1000 + 3600, null, null));
        assertThat(tokens.recall("long", "acme", null, null)).isNotNull();
    }

    @Test
    void only_a_verified_bearer_tokens_identity_with_time_left_and_no_sender_binding_is_remembered() {
        tokens.remember(verified("expired", "acme", NOW / 1000, null, null));
        tokens.remember(QuarkusSecurityIdentity.builder().setAnonymous(true).build());
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new Jwt("bob", NOW / 1000 + 300))
                .addCredential(new AccessTokenCredential("no-tenant")).build());
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new Jwt("dpop", NOW / 1000 + 300, Map.of("jkt", "x")))
                .addCredential(new AccessTokenCredential("bound")).addAttribute(OidcUtils.TENANT_ID_ATTRIBUTE, "acme").build());
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(() -> "not-a-jwt")
                .addCredential(new AccessTokenCredential("plain")).addAttribute(OidcUtils.TENANT_ID_ATTRIBUTE, "acme").build());

        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_remembered_identity_holds_nothing_of_the_request_it_was_verified_on() {
        Object firstRequest = new Object();
        tokens.remember(verified("t1", "acme", NOW / 1000 + 300, firstRequest, new Object()));

        SecurityIdentity recalled = tokens.recall("t1", "acme", null, null);
        assertThat(recalled.getAttributes()).doesNotContainValue(firstRequest);
    }

    @Test
    void the_cache_is_bounded_and_makes_room_only_from_expired_entries() {
        tokens.remember(verified("a", "acme", NOW / 1000 + 5, null, null));
        tokens.remember(verified("b", "acme", NOW / 1000 + 300, null, null));
        tokens.remember(verified("c", "acme", NOW / 1000 + 300, null, null));
        tokens.remember(verified("d", "acme", NOW / 1000 + 300, null, null));
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.recall("d", "acme", null, null)).as("full: not remembered").isNull();

        clock.set(NOW + 5_000);
        tokens.remember(verified("d", "acme", NOW / 1000 + 300, null, null));
        assertThat(tokens.recall("d", "acme", null, null)).as("room made from the expired one").isNotNull();
        assertThat(tokens.recall("b", "acme", null, null)).isNotNull();
        assertThat(tokens.size()).isEqualTo(3);
    }

    @Test
    void switched_off_it_remembers_nothing() {
        VerifiedTokens off = cache(false, Duration.ofMinutes(1), 3);
        off.remember(verified("t1", "acme", NOW / 1000 + 300, null, null));
        assertThat(off.recall("t1", "acme", null, null)).isNull();
    }

    private VerifiedTokens cache(boolean on, Duration maxAge, int maxEntries) {
        return new VerifiedTokens(new TenancyConfig.VerifiedTokenCache() {
            public boolean cache() { return on; }
            public Duration maxAge() { return maxAge; }
            public int maxEntries() { return maxEntries; }
        }, registry, clock::get);
    }

    private double count(String outcome) {
        return registry.counter("leadpool.verified.tokens", "outcome", outcome).count();
    }

    /** An identity as OIDC builds it from a bearer token (VerifiedTokens reads no more of it than this). */
    private static SecurityIdentity verified(String token, String tenant, long exp, Object request, Object context) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt("ann", exp))
                .addCredential(new AccessTokenCredential(token))
                .addRoles(Set.of("sales-rep", "lead-admin"))
                .addPermissionsAsString(Set.of("openid", "profile"))
                .addAttribute(OidcUtils.TENANT_ID_ATTRIBUTE, tenant);
        if (request != null) {
            builder.addAttribute(VerifiedTokens.ROUTING_CONTEXT, request).addAttribute(VerifiedTokens.REQUEST_CONTEXT, context);
        }
        return builder.build();
    }

    private record Jwt(String name, long exp, Map<String, Object> cnf) implements JsonWebToken {
        Jwt(String name, long exp) {
            this(name, exp, null);
        }
        public String getName() { return name; }
        public Set<String> getClaimNames() { return cnf == null ? Set.of("exp", "preferred_username") : Set.of("exp", "preferred_username", "cnf"); }
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claim) {
            return (T) (claim.equals("cnf") ? cnf : Map.<String, Object>of("exp", exp, "preferred_username", name).get(claim));
        }
    }
}
