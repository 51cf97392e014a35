package io.leadpool.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints real RS256-signed access tokens shaped like Keycloak's (issuer per realm, {@code realm_access.roles},
 * {@code preferred_username}, audience {@code lead-pool-api}). Each tenant has its own key pair, made once
 * per JVM and shared across class loaders through system properties.
 */
public final class TestTokens {

    /** Issuers are {@code REALMS_URL + "/" + tenant}. */
    public static final String REALMS_URL = "https://idp.leadpool.test/realms";
    public static final String AUDIENCE = "lead-pool-api";
    public static final List<String> TENANTS = List.of("acme", "globex");
    /** A realm the services do not serve until the tenant registry registers it. */
    public static final String UNREGISTERED = "initech";
    /** The platform operators' realm (role {@code platform-admin}). */
    public static final String PLATFORM = "platform";
    /** Every realm that has keys: the served tenants, the one to register, the platform's. */
    public static final List<String> REALMS = List.of("acme", "globex", UNREGISTERED, PLATFORM);

    private TestTokens() {
    }

    /** A valid token of a user of the tenant with the given realm roles. */
    public static String token(String tenant, String username, String... roles) {
        return sign(tenant, claims(tenant, username, AUDIENCE, roles), privateKey(tenant));
    }

    public static String expired(String tenant, String username, String... roles) {
        JwtClaimsBuilder c = claims(tenant, username, AUDIENCE, roles);
        Instant past = Instant.now().minusSeconds(7200);
        return sign(tenant, c.issuedAt(past).expiresAt(past.plusSeconds(300)), privateKey(tenant));
    }

    /** A valid token that expires at {@code exp} (whole seconds, as a token carries it). */
    public static String expiringAt(Instant exp, String tenant, String username, String... roles) {
        return sign(tenant, claims(tenant, username, AUDIENCE, roles).expiresAt(exp), privateKey(tenant));
    }

    public static String wrongAudience(String tenant, String username, String... roles) {
        return sign(tenant, claims(tenant, username, "some-other-api", roles), privateKey(tenant));
    }

    /** Claims the tenant's issuer but is signed with another tenant's key. */
    public static String forged(String tenant, String signingTenant, String username, String... roles) {
        return sign(tenant, claims(tenant, username, AUDIENCE, roles), privateKey(signingTenant));
    }

    /**
     * A well-formed token from a realm this deployment does not serve ({@code REALMS_URL + "/" + realm}),
     * signed with that realm's own key: the issuer is unknown, so no tenant's keys apply.
     */
    public static String unknownIssuer(String realm, String username, String... roles) {
        if (TENANTS.contains(realm)) {
            throw new IllegalArgumentException(realm + " is a served tenant");
        }
        return sign(realm, claims(REALMS_URL + "/" + realm, realm, username, AUDIENCE, roles), privateKey(realm));
    }

    /** A token claiming a served tenant's realm name on another identity provider, signed with its own key. */
    public static String foreignHost(String tenant, String username, String... roles) {
        String issuer = "https://idp.attacker.test/realms/" + tenant;
        return sign("attacker", claims(issuer, tenant, username, AUDIENCE, roles), privateKey("attacker"));
    }

    /** The tenant's claims without a signature ({@code alg: none}). */
    public static String unsigned(String tenant, String username, String... roles) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String signed = token(tenant, username, roles);
        return header + "." + signed.split("\\.")[1] + ".";
    }

    /** The stable subject of a user, as Keycloak would give (a UUID). */
    public static String subject(String tenant, String username) {
        return UUID.nameUUIDFromBytes((tenant + ":" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Configuration that makes a service verify these tokens locally. */
    public static Map<String, String> serviceConfig() {
        Map<String, String> config = new java.util.HashMap<>();
        config.put("leadpool.tenancy.realms-url", REALMS_URL);
        for (String tenant : REALMS) {
            config.put("leadpool.tenancy.public-keys." + tenant, publicKey(tenant));
        }
        return config;
    }

    private static JwtClaimsBuilder claims(String tenant, String username, String audience, String... roles) {
        return claims(REALMS_URL + "/" + tenant, tenant, username, audience, roles);
    }

    private static JwtClaimsBuilder claims(String issuer, String tenant, String username, String audience,
            String... roles) {
        return Jwt.issuer(issuer)
                .subject(subject(tenant, username))
                .audience(audience)
                .claim("preferred_username", username)
                .claim("azp", "lead-pool-cli")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(3600));
    }

    private static String sign(String tenant, JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().keyId(tenant).sign(key);
    }

    private static PrivateKey privateKey(String tenant) {
        try {
            byte[] der = Base64.getDecoder().decode(keyPair(tenant)[0]);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKey(String tenant) {
        return keyPair(tenant)[1];
    }

    /** [base64 PKCS#8 private, base64 X.509 public]. */
    private static synchronized String[] keyPair(String tenant) {
        String property = "leadpool.test.keys." + tenant;
        String known = System.getProperty(property);
        if (known == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                known = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ","
                        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
                System.setProperty(property, known);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return known.split(",");
    }
}
