package io.leadpool.e2e;

/**
 * Someone who gets tokens from the suite's Keycloak: a user of a realm (password grant, the password
 * being the user name as in {@code deploy/local}'s realms) through a public client, or a realm's gateway
 * client (client credentials) when {@code username} is null.
 */
record Caller(String realm, String username, String clientId) {

    static Caller user(String realm, String username) {
        return new Caller(realm, username, Keycloak.PUBLIC_CLIENT);
    }

    static Caller gateway(String realm) {
        return new Caller(realm, null, Keycloak.GATEWAY_CLIENT);
    }

    /** The same user logging in through another client of the realm. */
    Caller through(String client) {
        return new Caller(realm, username, client);
    }

    /** A valid access token, kept until shortly before it expires. */
    String token() {
        return Suite.get().keycloak().token(this);
    }

    /** A token obtained just now, never used before. */
    String freshToken() {
        return Suite.get().keycloak().freshToken(this);
    }

    @Override
    public String toString() {
        return (username == null ? clientId : username + " (" + clientId + ")") + "@" + realm;
    }
}
