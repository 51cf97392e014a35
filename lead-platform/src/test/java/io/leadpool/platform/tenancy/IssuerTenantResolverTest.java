package io.leadpool.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a tenant's keys come from, and which issuer its tokens must name. */
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

    private static TenancyConfig config(String realmsUrl, Optional<String> keysUrl) {
        return new TenancyConfig() {
            public Set<String> tenants() { return Set.of("acme"); }
            public String platformRealm() { return "platform"; }
            public String realmsUrl() { return realmsUrl; }
            public Optional<String> keysUrl() { return keysUrl; }
            public String audience() { return "lead-pool-api"; }
            public Map<String, String> publicKeys() { return Map.of(); }
        };
    }
}
