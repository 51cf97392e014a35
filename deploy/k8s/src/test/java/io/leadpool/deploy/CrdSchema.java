package io.leadpool.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operators' custom resources have no model in client-java-api. Each kind the manifests use has a
 * hand-written schema in {@code src/test/resources/crd-schemas/<kind>.yaml}: the subset of the CRD's
 * OpenAPI schema that matters here, in a small JSON-schema dialect —
 * {@code type} (object, array, string, integer, number, boolean, any), {@code required},
 * {@code properties} (checked deeper), {@code fields} (further names the CRD allows, not checked deeper),
 * {@code additionalProperties} (a schema for map values, or {@code true} for a free-form object),
 * {@code items}, {@code enum}, {@code minimum}. An object field that is neither in {@code properties} nor
 * in {@code fields} fails, as the API server's structural schema would prune or refuse it.
 */
final class CrdSchema {

    private final String apiVersion;
    private final JsonNode spec;

    private CrdSchema(String apiVersion, JsonNode spec) {
        this.apiVersion = apiVersion;
        this.spec = spec;
    }

    static CrdSchema forKind(String kind) {
        String resource = "/crd-schemas/" + kind + ".yaml";
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            JsonNode doc = Kustomize.YAML.readTree(in);
            return new CrdSchema(doc.path("apiVersion").asText(), doc.path("schema"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation of the object (empty when it fits). */
    List<String> violations(JsonNode object) {
        List<String> out = new ArrayList<>();
        if (!apiVersion.equals(object.path("apiVersion").asText())) {
            out.add("apiVersion " + object.path("apiVersion").asText() + ", schema is for " + apiVersion);
        }
        JsonNode metadata = object.path("metadata");
        if (metadata.path("name").asText().isEmpty()) {
            out.add("metadata.name is required");
        }
        Set<String> meta = Set.of("name", "namespace", "labels", "annotations");
        metadata.fieldNames().forEachRemaining(f -> {
            if (!meta.contains(f)) {
                out.add("unexpected metadata." + f);
            }
        });
        {
            var copy = object.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("apiVersion", "kind", "metadata"));
            check(spec, copy, "", out);
        }
        return out;
    }

    static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        String type = schema.path("type").asText("any");
        switch (type) {
            case "any" -> {
                return;
            }
            case "object" -> {
                if (!value.isObject()) {
                    out.add(path + ": expected an object, got " + value.getNodeType());
                    return;
                }
                for (JsonNode r : schema.path("required")) {
                    if (!value.has(r.asText())) {
                        out.add(path + "." + r.asText() + " is required");
                    }
                }
                JsonNode props = schema.path("properties");
                Set<String> fields = new HashSet<>();
                schema.path("fields").forEach(f -> fields.add(f.asText()));
                JsonNode additional = schema.get("additionalProperties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    var e = it.next();
                    String p = path + "." + e.getKey();
                    if (props.has(e.getKey())) {
                        check(props.get(e.getKey()), e.getValue(), p, out);
                    } else if (fields.contains(e.getKey())) {
                        continue;
                    } else if (additional != null && additional.isObject()) {
                        check(additional, e.getValue(), p, out);
                    } else if (additional == null || !additional.asBoolean()) {
                        out.add("unknown field " + p);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(path + ": expected an array, got " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(path + ": expected a string, got " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(path + ": expected an integer, got " + value.getNodeType());
                } else if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                    out.add(path + ": " + value + " is below " + schema.get("minimum"));
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(path + ": expected a number, got " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(path + ": expected a boolean, got " + value.getNodeType());
                }
            }
            case "int-or-string" -> {
                if (!value.isIntegralNumber() && !value.isTextual()) {
                    out.add(path + ": expected an integer or a string, got " + value.getNodeType());
                }
            }
            default -> throw new IllegalStateException("schema type " + type + " at " + path);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                out.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }
}
