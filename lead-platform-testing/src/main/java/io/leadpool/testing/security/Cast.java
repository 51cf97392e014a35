package io.leadpool.testing.security;

import io.leadpool.testing.TestTokens;
import java.util.List;

/**
 * Who plays what in the security tests. The caller's tenant is {@link #OWN}; the objects that must stay
 * invisible belong to {@link #FOREIGN}. One user per role, named so that no other test's users (whose
 * state other tests change) are reused; {@link #OTHER_REP} is a second rep of the own tenant, for "a rep
 * acting on another rep's lead".
 */
public final class Cast {

    public static final String OWN = "acme";
    public static final String FOREIGN = "globex";

    public static final String ADMIN = "lead-admin";
    public static final String MANAGER = "sales-manager";
    public static final String REP = "sales-rep";
    public static final String SOURCE = "lead-source";
    /** The platform operators' role: only the platform realm grants it (tokens of that realm, whatever tenant). */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** The roles of the suite; roles that appear in an OpenAPI document join them. */
    public static final List<String> ROLES = List.of(ADMIN, MANAGER, REP, SOURCE);

    public static final String OTHER_REP = "matrix-carol";
    public static final String NOBODY = "matrix-nobody";

    private Cast() {
    }

    /** The user who holds a role in every tenant. */
    public static String user(String role) {
        return switch (role) {
            case ADMIN -> "matrix-alice";
            case MANAGER -> "matrix-mia";
            case REP -> "matrix-bob";
            case SOURCE -> "matrix-gateway";
            case PLATFORM_ADMIN -> "matrix-root";
            default -> "matrix-" + role;
        };
    }

    /** A valid token of the role's user in the tenant, with that one role. */
    public static String token(String tenant, String role) {
        if (PLATFORM_ADMIN.equals(role)) {
            return TestTokens.token(TestTokens.PLATFORM, user(role), role);
        }
        return TestTokens.token(tenant, user(role), role);
    }

    public static String subject(String tenant, String role) {
        return TestTokens.subject(tenant, user(role));
    }

    /** The second rep of the own tenant. */
    public static String otherRepToken() {
        return TestTokens.token(OWN, OTHER_REP, REP);
    }

    public static String otherRepSubject() {
        return TestTokens.subject(OWN, OTHER_REP);
    }

    /** A valid token of the own tenant without any suite role. */
    public static String noRole() {
        return TestTokens.token(OWN, NOBODY);
    }
}
