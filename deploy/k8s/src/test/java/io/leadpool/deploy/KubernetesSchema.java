package io.leadpool.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Kubernetes' own kinds, checked against the API schema offline: the object is read by its typed model
 * of {@code io.kubernetes:client-java-api}, whose generated {@code validateJsonElement} refuses a field the
 * API does not define (at any depth), a missing required field and a value of the wrong JSON type.
 */
final class KubernetesSchema {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private KubernetesSchema() {
    }

    /** The model class of a built-in kind ({@code apps/v1} Deployment → V1Deployment), if there is one. */
    static Optional<Class<?>> model(String apiVersion, String kind) {
        if (!isBuiltIn(apiVersion)) {
            return Optional.empty();
        }
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        String name = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        try {
            return Optional.of(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The core group and the {@code *.k8s.io} and unsuffixed groups are Kubernetes'; anything else is a CRD. */
    static boolean isBuiltIn(String apiVersion) {
        if (!apiVersion.contains("/")) {
            return true;
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        return !group.contains(".") || group.endsWith(".k8s.io") && !group.equals("gateway.networking.k8s.io");
    }

    /** Throws with the model's message when the object does not fit the API schema. */
    static void validate(Class<?> model, JsonNode object) {
        try {
            model.getMethod("fromJson", String.class).invoke(null, Kustomize.JSON.writeValueAsString(object));
        } catch (InvocationTargetException e) {
            throw new SchemaViolation(Kustomize.id(object) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class SchemaViolation extends RuntimeException {
        SchemaViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
