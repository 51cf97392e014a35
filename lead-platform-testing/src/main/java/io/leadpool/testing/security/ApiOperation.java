package io.leadpool.testing.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * One operation of a service's OpenAPI document.
 *
 * @param roles      the roles of its security requirement (smallrye-openapi writes {@code @RolesAllowed}
 *                   as the scopes); null when the operation has no security requirement (public); empty
 *                   when any authenticated caller may call it
 * @param pathParams the names of its path parameters, in path order
 * @param bodyTypes  the media types of its request body (empty: no body)
 * @param jsonSchema the schema of its JSON request body, or null
 */
public record ApiOperation(String method, String path, Set<String> roles, List<String> pathParams,
        List<String> bodyTypes, JsonNode jsonSchema) {

    public String key() {
        return method + " " + path;
    }

    public boolean secured() {
        return roles != null;
    }

    public boolean hasJsonBody() {
        return jsonSchema != null;
    }

    public boolean allows(String role) {
        return roles != null && (roles.isEmpty() || roles.contains(role));
    }

    @Override
    public String toString() {
        return key();
    }
}
