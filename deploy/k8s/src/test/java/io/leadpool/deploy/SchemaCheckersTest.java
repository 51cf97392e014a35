package io.leadpool.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkers themselves: a misspelt field, a missing one and a wrong type fail, at any depth. */
class SchemaCheckersTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers:
                    - name: x
                      image: x:1
                      %s
            """;

    private static ObjectNode yaml(String text) throws Exception {
        List<ObjectNode> objects = Kustomize.parse(text);
        assertThat(objects).hasSize(1);
        return objects.get(0);
    }

    @Test
    void kubernetesKindsRefuseUnknownMissingAndMistypedFields() throws Exception {
        Class<?> model = KubernetesSchema.model("apps/v1", "Deployment").orElseThrow();
        KubernetesSchema.validate(model, yaml(DEPLOYMENT.formatted("imagePullPolicy: Always")));
        assertThatThrownBy(() -> KubernetesSchema.validate(model, yaml(DEPLOYMENT.formatted("imagePullPolcy: Always"))))
                .hasMessageContaining("imagePullPolcy");
        assertThatThrownBy(() -> KubernetesSchema.validate(model,
                yaml(DEPLOYMENT.formatted("securityContext: {readOnlyRootFileSystem: true}"))))
                .hasMessageContaining("readOnlyRootFileSystem");
        assertThatThrownBy(() -> KubernetesSchema.validate(model, yaml(DEPLOYMENT.formatted("ports: {name: http}"))))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class);
        assertThatThrownBy(() -> KubernetesSchema.validate(model, yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {template: {spec: {containers: [{name: x}]}}}
                """))).hasMessageContaining("selector");
        assertThat(KubernetesSchema.model("autoscaling/v2", "HorizontalPodAutoscaler")).isPresent();
        assertThat(KubernetesSchema.model("kafka.strimzi.io/v1", "KafkaTopic")).isEmpty();
    }

    @Test
    void customResourcesRefuseUnknownMissingAndMistypedFields() throws Exception {
        CrdSchema topic = CrdSchema.forKind("KafkaTopic");
        assertThat(topic.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {partitions: 3, replicas: 3, config: {retention.ms: 1000}}
                """))).isEmpty();
        assertThat(topic.violations(yaml("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partition: 3, replicas: "3"}
                status: {}
                """))).containsExactlyInAnyOrder("unknown field .status", "unknown field .spec.partition",
                ".spec.replicas: expected an integer, got STRING");
        assertThat(CrdSchema.forKind("KafkaUser").violations(yaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authentication: {type: scram-sha-256}
                  authorization: {type: simple, acls: [{resource: {type: topic, name: t}, operations: [Raed]}]}
                """))).hasSize(3);
        assertThat(CrdSchema.forKind("Cluster").violations(yaml("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: c}
                spec: {managed: {roles: [{name: r, inherits: false}]}}
                """))).containsExactlyInAnyOrder(".spec.instances is required", "unknown field .spec.managed.roles[0].inherits");
    }
}
