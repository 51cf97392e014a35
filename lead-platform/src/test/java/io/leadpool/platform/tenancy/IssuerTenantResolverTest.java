package io.leadpool.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a tenant's keys come from, which issuer its tokens must name, and how the issuer is read before verification. */
class IssuerTenantResolverTest {

    @Test
    void keysFromTheIssuerUnlessAnotherAddressIsGiven() {
        var local = config("http://127.0.0.1:8180/realms/", Optional.empty());
        assertThat(IssuerTenantResolver.keysUrl(local, "acme")).isEqualTo("http://127.0.0.1:8180/realms/acme");
        assertThat(IssuerTenantResolver.issuer(local, "acme")).isEqualTo("http://127.0.0.1:8180/realms/acme");

        // In a cluster: tokens name the public host, keys come from the Keycloak service inside.
        var cluster = config("https://auth.example.com/realms", Optional.of("http://keycloak-service:8080/realms/"));
        assertThat(IssuerTenantResolver.keysUrl(cluster, "acme")).isEqualTo("http://keycloak-service:8080/realms/acme");
        assertThat(IssuerTenantResolver.issuer(cluster, "acme")).isEqualTo("https://auth.example.com/realms/acme");
    }

    @Test
    void theIssuerIsReadFromThePayloadsTopLevelOnly() {
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"exp\":1,\"iss\":\"http://kc/realms/acme\",\"sub\":\"x\"}")))
                .contains("http://kc/realms/acme");
        // A nested object's "iss" (here before the real one) is not the token's issuer.
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"act\":{\"iss\":\"http://evil\",\"x\":[1,{\"iss\":2}]},"
                + "\"aud\":[\"a\",\"b\"],\"iss\":\"http://kc/realms/globex\"}"))).contains("http://kc/realms/globex");
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"act\":{\"iss\":\"http://evil\"}}"))).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("[\"iss\",\"http://kc/realms/acme\"]"))).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"iss\":"))).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("not json"))).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer("a.!!!.c")).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer("only.two")).isEmpty();
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"iss\":\"http://kc/realms/acme\"}") + ".extra")).isEmpty();
        // A Chinese realm name survives (the payload is UTF-8).
        assertThat(IssuerTenantResolver.unverifiedIssuer(jwt("{\"iss\":\"http://kc/realms/销售\"}"))).contains("http://kc/realms/销售");
    }

    private static String jwt(String payload) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static TenancyConfig config(String realmsUrl, Optional<String> keysUrl) {
        return new TenancyConfig() {
            public Set<String> tenants() { return Set.of("acme"); }
            public String platformRealm() { return "platform"; }
            public String realmsUrl() { return realmsUrl; }
            public Optional<String> keysUrl() { return keysUrl; }
            public String audience() { return "lead-pool-api"; }
            public Map<String, String> publicKeys() { return Map.of(); }
            public VerifiedTokenCache verifiedTokens() { throw new UnsupportedOperationException(); }
        };
    }
}
