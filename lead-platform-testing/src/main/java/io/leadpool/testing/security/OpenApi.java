package io.leadpool.testing.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's own OpenAPI document, read from {@code /q/openapi?format=json} of the running service. */
public final class OpenApi {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    private final JsonNode doc;

    private OpenApi(JsonNode doc) {
        this.doc = doc;
    }

    public static OpenApi fetch(URI base) {
        Answer a = new RawHttp(base).send("GET", "/q/openapi?format=json", null, null);
        if (a.status() != 200) {
            throw new AssertionError("the OpenAPI document is not served: " + a.summary());
        }
        try {
            return new OpenApi(new ObjectMapper().readTree(a.body()));
        } catch (Exception e) {
            throw new AssertionError("the OpenAPI document is not JSON", e);
        }
    }

    public List<ApiOperation> operations() {
        List<ApiOperation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                List<String> params = new ArrayList<>();
                Matcher m = PARAM.matcher(path.getKey());
                while (m.find()) {
                    params.add(m.group(1));
                }
                JsonNode content = op.path("requestBody").path("content");
                List<String> types = new ArrayList<>();
                content.fieldNames().forEachRemaining(types::add);
                JsonNode schema = content.has("application/json") ? resolve(content.path("application/json").path("schema"))
                        : null;
                ops.add(new ApiOperation(method.toUpperCase(Locale.ROOT), path.getKey(), roles(op), params, types, schema));
            }
        }
        return ops;
    }

    private Set<String> roles(JsonNode op) {
        JsonNode security = op.has("security") ? op.get("security") : doc.get("security");
        if (security == null || !security.isArray() || security.isEmpty()) {
            return null;
        }
        Set<String> roles = new TreeSet<>();
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return null; // an empty requirement: anonymous access is one of the alternatives
            }
            requirement.fields().forEachRemaining(e -> e.getValue().forEach(r -> roles.add(r.asText())));
        }
        return roles;
    }

    /** A schema with its {@code $ref} followed (and {@code allOf} merged into one object's properties). */
    public JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 20 && s != null && s.has("$ref"); i++) {
            String ref = s.get("$ref").asText();
            s = doc.at(ref.substring(1));
        }
        if (s != null && s.has("allOf")) {
            com.fasterxml.jackson.databind.node.ObjectNode merged = new ObjectMapper().createObjectNode();
            com.fasterxml.jackson.databind.node.ObjectNode props = merged.putObject("properties");
            for (JsonNode part : s.get("allOf")) {
                JsonNode r = resolve(part);
                if (r != null && r.has("properties")) {
                    props.setAll((com.fasterxml.jackson.databind.node.ObjectNode) r.get("properties"));
                }
            }
            return merged;
        }
        return s;
    }

    /** The property names a schema declares (none for maps and scalars). */
    public Set<String> properties(JsonNode schema) {
        JsonNode s = resolve(schema);
        Set<String> names = new LinkedHashSet<>();
        if (s != null) {
            s.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** The schema of one property, resolved; null when the schema does not declare it. */
    public JsonNode property(JsonNode schema, String name) {
        JsonNode s = resolve(schema);
        JsonNode p = s == null ? null : s.path("properties").get(name);
        return p == null ? null : resolve(p);
    }
}
