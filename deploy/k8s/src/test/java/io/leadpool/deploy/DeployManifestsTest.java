package io.leadpool.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpool.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds every overlay of deploy/k8s with kustomize, validates every object offline (Kubernetes kinds
 * against the API schema, the operators' kinds against crd-schemas/) and checks what a deployment of the
 * suite must hold: hardened pods with probes and limits, an autoscaler, a disruption budget and a
 * network policy per service, every topic the code uses, a Kafka user per service with exactly the ACLs
 * its channels need, the three database roles per service, Keycloak with every realm, a gateway route
 * for every REST path, and no secret that nobody creates.
 */
class DeployManifestsTest {

    private static final Map<String, List<ObjectNode>> BUILT = new ConcurrentHashMap<>();
    private static final String POD = "/spec/template/spec";

    private static List<ObjectNode> objects(String overlay) {
        return BUILT.computeIfAbsent(overlay, Kustomize::build);
    }

    private static List<ObjectNode> ofKind(String overlay, String kind) {
        return objects(overlay).stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static ObjectNode one(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(o -> name(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static Set<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean prod(String overlay) {
        return overlay.endsWith("prod");
    }

    // ------------------------------------------------------------------ schema

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void everyObjectFitsItsSchema(String overlay) {
        List<String> problems = new ArrayList<>();
        int builtIn = 0;
        int custom = 0;
        for (ObjectNode o : objects(overlay)) {
            String apiVersion = o.path("apiVersion").asText();
            String kind = o.path("kind").asText();
            Optional<Class<?>> model = KubernetesSchema.model(apiVersion, kind);
            if (model.isPresent()) {
                builtIn++;
                try {
                    KubernetesSchema.validate(model.get(), o);
                } catch (KubernetesSchema.SchemaViolation e) {
                    problems.add(e.getMessage());
                }
            } else if (KubernetesSchema.isBuiltIn(apiVersion)) {
                problems.add(Kustomize.id(o) + ": no model for " + apiVersion + " " + kind);
            } else {
                CrdSchema schema = CrdSchema.forKind(kind);
                if (schema == null) {
                    problems.add(Kustomize.id(o) + ": no schema in crd-schemas/ for " + apiVersion + " " + kind);
                    continue;
                }
                custom++;
                schema.violations(o).forEach(v -> problems.add(Kustomize.id(o) + ": " + v));
            }
        }
        System.out.printf("[deploy-k8s] %s: %d Kubernetes objects checked against the API schema, %d custom resources"
                + " against crd-schemas/%n", overlay, builtIn, custom);
        assertThat(problems).isEmpty();
        assertThat(builtIn).isGreaterThan(20);
        assertThat(custom).isGreaterThan(30);
    }

    // ------------------------------------------------------------------ the services' pods

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void everyServiceRunsHardenedWithProbesAndLimits(String overlay) {
        for (CodeFacts.Service s : CodeFacts.services()) {
            ObjectNode d = one(overlay, "Deployment", s.name());
            JsonNode pod = d.at(POD);
            JsonNode labels = d.at("/spec/template/metadata/labels");
            assertThat(d.at("/spec/selector/matchLabels").properties()).as(s.name() + " selector")
                    .allMatch(e -> labels.path(e.getKey()).equals(e.getValue()));
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(s.name() + " runAsNonRoot").isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(s.name() + " runAsUser").isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(s.name() + " token").isFalse();
            assertThat(pod.path("serviceAccountName").asText()).isEqualTo(s.name());
            one(overlay, "ServiceAccount", s.name());
            assertThat(pod.path("containers")).hasSize(1);
            JsonNode c = pod.path("containers").get(0);
            String where = overlay + " " + s.name();
            // Native image: no JVM, the image's entrypoint runs the executable.
            assertThat(c.has("command")).as(where + " command").isFalse();
            assertThat(c.toString()).as(where + " JVM options").doesNotContain("JAVA_OPTS", "-XX:", "java ");
            assertThat(c.path("image").asText()).as(where + " image").matches("[a-z0-9./-]+/" + s.name() + ":[\\w.-]+")
                    .doesNotEndWith(":latest");
            JsonNode sc = c.path("securityContext");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(where + " read-only root").isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(where + " escalation").isFalse();
            assertThat(sc.path("privileged").asBoolean(false)).isFalse();
            assertThat(texts(sc.at("/capabilities/drop"))).as(where + " capabilities").contains("ALL");
            assertThat(sc.at("/capabilities/add").isMissingNode()).as(where + " added capabilities").isTrue();
            // Resources sized for a native image: requests and limits, memory well under a JVM's.
            for (String kind : List.of("requests", "limits")) {
                assertThat(c.at("/resources/" + kind + "/cpu").asText()).as(where + " cpu " + kind).isNotEmpty();
                assertThat(c.at("/resources/" + kind + "/memory").asText()).as(where + " memory " + kind).isNotEmpty();
            }
            assertThat(mebibytes(c.at("/resources/limits/memory").asText())).as(where + " memory limit").isBetween(64L, 512L);
            // Probes on Quarkus' health endpoints, on the port the container declares.
            assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(s.port());
            String port = c.at("/ports/0/name").asText();
            Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                    "readinessProbe", "/q/health/ready");
            probes.forEach((probe, path) -> {
                assertThat(c.at("/" + probe + "/httpGet/path").asText()).as(where + " " + probe).isEqualTo(path);
                assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(where + " " + probe + " port").isEqualTo(port);
            });
            // The only writable place is a volume.
            Set<String> volumes = list(pod.path("volumes")).stream().map(v -> v.path("name").asText()).collect(Collectors.toSet());
            assertThat(list(c.path("volumeMounts")).stream().filter(m -> !m.path("readOnly").asBoolean())
                    .map(m -> m.path("mountPath").asText())).as(where + " writable mounts").containsExactly("/tmp");
            assertThat(list(c.path("volumeMounts")).stream().map(m -> m.path("name").asText())).allMatch(volumes::contains);
            // A Service that selects the pods and reaches the named port.
            ObjectNode svc = one(overlay, "Service", s.name());
            assertThat(svc.at("/spec/selector").properties()).allMatch(e -> labels.path(e.getKey()).equals(e.getValue()));
            assertThat(svc.at("/spec/ports/0/targetPort").asText()).isEqualTo(port);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void everyServiceHasAnAutoscalerADisruptionBudgetAndANetworkPolicy(String overlay) {
        for (CodeFacts.Service s : CodeFacts.services()) {
            JsonNode labels = one(overlay, "Deployment", s.name()).at("/spec/template/metadata/labels");
            ObjectNode hpa = one(overlay, "HorizontalPodAutoscaler", s.name());
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(s.name());
            int min = hpa.at("/spec/minReplicas").asInt();
            assertThat(min).as(overlay + " " + s.name() + " minReplicas").isGreaterThanOrEqualTo(prod(overlay) ? 2 : 1);
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(min);
            assertThat(hpa.at("/spec/metrics")).isNotEmpty();

            ObjectNode pdb = one(overlay, "PodDisruptionBudget", s.name());
            assertThat(selects(pdb.at("/spec/selector/matchLabels"), labels)).as(s.name() + " PDB selects").isTrue();
            assertThat(pdb.at("/spec/maxUnavailable").isMissingNode() && pdb.at("/spec/minAvailable").isMissingNode())
                    .as(s.name() + " PDB budget").isFalse();

            ObjectNode np = one(overlay, "NetworkPolicy", s.name());
            assertThat(selects(np.at("/spec/podSelector/matchLabels"), labels)).as(s.name() + " policy selects").isTrue();
            assertThat(texts(np.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
            // Every egress rule names its peers and ports: nothing open to the world.
            for (JsonNode rule : np.at("/spec/egress")) {
                assertThat(rule.path("to")).as(s.name() + " egress peers").isNotEmpty();
                assertThat(rule.path("ports")).as(s.name() + " egress ports").isNotEmpty();
                for (JsonNode peer : rule.path("to")) {
                    assertThat(peer.has("ipBlock")).as(s.name() + " egress by address").isFalse();
                }
            }
            Map<Integer, JsonNode> egress = new HashMap<>();
            for (JsonNode rule : np.at("/spec/egress")) {
                for (JsonNode p : rule.path("ports")) {
                    egress.put(p.path("port").asInt(), rule.path("to").get(0));
                }
            }
            assertThat(egress).as(s.name() + " egress ports").containsOnlyKeys(53, 9093, 5432, 8080, 4317);
            assertThat(egress.get(9093).at("/podSelector/matchLabels/strimzi.io~1cluster").asText()).isEqualTo("leadpool");
            assertThat(egress.get(5432).at("/podSelector/matchLabels/cnpg.io~1cluster").asText()).isEqualTo("leadpool-pg");
            assertThat(egress.get(8080).at("/podSelector/matchLabels/app.kubernetes.io~1instance").asText())
                    .isEqualTo(name(ofKind(overlay, "Keycloak").get(0)));
            for (JsonNode rule : np.at("/spec/ingress")) {
                assertThat(rule.path("from")).as(s.name() + " ingress peers").isNotEmpty();
            }
        }
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.replace("Gi", "")) * 1024;
        }
        assertThat(quantity).endsWith("Mi");
        return Long.parseLong(quantity.replace("Mi", ""));
    }

    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext();) {
            var e = it.next();
            if (!labels.path(e.getKey()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ configuration of each service

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void everyServiceConnectsAsItsOwnRolesToItsOwnDatabaseAndKafkaUser(String overlay) {
        ObjectNode cluster = ofKind(overlay, "Cluster").get(0);
        Map<String, JsonNode> roles = new HashMap<>();
        cluster.at("/spec/managed/roles").forEach(r -> roles.put(r.path("name").asText(), r));
        List<String> hba = list(cluster.at("/spec/postgresql/pg_hba")).stream().map(JsonNode::asText).toList();
        for (CodeFacts.Service s : CodeFacts.services()) {
            String db = s.database();
            Map<String, JsonNode> env = env(overlay, s.name());
            String where = overlay + " " + s.name();
            assertThat(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").path("value").asText())
                    .isEqualTo("postgresql://" + name(cluster) + "-rw:5432/" + db);
            assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText())
                    .startsWith("jdbc:postgresql://" + name(cluster) + "-rw:5432/" + db + "?");
            assertThat(env.get("LEADPOOL_DB_SYSTEM_ROLE").path("value").asText()).isEqualTo(db + "_system");
            String appSecret = env.get("QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef/name").asText();
            String ownerSecret = env.get("QUARKUS_FLYWAY_USERNAME").at("/valueFrom/secretKeyRef/name").asText();
            assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(appSecret);
            assertThat(env.get("QUARKUS_FLYWAY_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(ownerSecret);

            // The three roles of docs/security.md.
            JsonNode owner = roles.get(db + "_owner");
            JsonNode app = roles.get(db + "_app");
            JsonNode system = roles.get(db + "_system");
            assertThat(owner).as(where + " owner role").isNotNull();
            assertThat(app).as(where + " app role").isNotNull();
            assertThat(system).as(where + " system role").isNotNull();
            assertThat(owner.path("login").asBoolean()).isTrue();
            assertThat(owner.at("/passwordSecret/name").asText()).isEqualTo(ownerSecret);
            assertThat(app.path("login").asBoolean()).isTrue();
            assertThat(app.path("inherit").asBoolean(true)).as(where + " app NOINHERIT").isFalse();
            assertThat(app.at("/passwordSecret/name").asText()).isEqualTo(appSecret);
            assertThat(texts(app.path("inRoles"))).as(where + " app is granted the system role").containsExactly(db + "_system");
            assertThat(system.path("login").asBoolean(true)).as(where + " system NOLOGIN").isFalse();
            assertThat(system.has("passwordSecret")).isFalse();
            for (JsonNode r : List.of(owner, app, system)) {
                assertThat(r.path("superuser").asBoolean(false)).as(r.path("name") + " superuser").isFalse();
                assertThat(r.path("bypassrls").asBoolean(false)).as(r.path("name") + " bypassrls").isFalse();
            }
            // Its database, owned by its owner; only its roles get in.
            JsonNode database = ofKind(overlay, "Database").stream().filter(d -> d.at("/spec/name").asText().equals(db))
                    .findFirst().orElseThrow(() -> new AssertionError(where + ": no Database " + db));
            assertThat(database.at("/spec/owner").asText()).isEqualTo(db + "_owner");
            assertThat(database.at("/spec/cluster/name").asText()).isEqualTo(name(cluster));
            assertThat(hba).as(where + " pg_hba").contains("hostssl " + db + " " + db + "_owner," + db + "_app all scram-sha-256");
            assertThat(hba.get(hba.size() - 1)).as(where + " pg_hba closes the database to others")
                    .matches("host .*\\b" + db + "\\b.* all all reject");

            // Its Kafka user's credentials.
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(s.name());
            one(overlay, "KafkaUser", s.name());
        }
        if (prod(overlay)) {
            assertThat(cluster.at("/spec/instances").asInt()).as("PostgreSQL instances").isEqualTo(3);
        }
        assertThat(ofKind(overlay, "Cluster")).hasSize(1);
    }

    private static Map<String, JsonNode> env(String overlay, String service) {
        Map<String, JsonNode> env = new HashMap<>();
        one(overlay, "Deployment", service).at(POD + "/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    // ------------------------------------------------------------------ Kafka

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void everyTopicTheCodeUsesExistsAndEveryServiceHasExactlyTheAclsItNeeds(String overlay) {
        ObjectNode kafka = ofKind(overlay, "Kafka").get(0);
        String clusterName = name(kafka);
        Map<String, ObjectNode> topics = new HashMap<>();
        for (ObjectNode t : ofKind(overlay, "KafkaTopic")) {
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(clusterName);
            String topic = t.at("/spec/topicName").asText(name(t));
            topics.put(topic, t);
            assertThat(t.at("/spec/partitions").asInt()).isPositive();
            JsonNode config = t.at("/spec/config");
            assertThat(config.has("retention.ms") || config.path("cleanup.policy").asText().equals("compact"))
                    .as(topic + " retention").isTrue();
            if (prod(overlay)) {
                assertThat(t.at("/spec/replicas").asInt()).as(topic + " replicas").isEqualTo(3);
                assertThat(config.path("min.insync.replicas").asInt()).as(topic + " min.insync.replicas").isEqualTo(2);
            }
        }
        Set<String> needed = new TreeSet<>(Topics.ALL);
        for (CodeFacts.Service s : CodeFacts.services()) {
            Set<String> write = new TreeSet<>(CodeFacts.produced(s.name()));
            Set<String> read = new TreeSet<>();
            for (CodeFacts.Incoming in : CodeFacts.incoming(s.name())) {
                assertThat(in.deadLetterTopic()).as(s.name() + " channel " + in.channel() + " dead-letter topic")
                        .isEqualTo(in.topic() + "." + s.name() + Topics.DLQ_SUFFIX);
                read.add(in.topic());
                write.add(in.deadLetterTopic());
                // No consumer idles for want of a partition at the autoscaler's ceiling (compacted, low-volume
                // topics such as the tenant registry's excepted).
                ObjectNode topic = topics.get(in.topic());
                if (topic != null && !topic.at("/spec/config/cleanup.policy").asText().equals("compact")) {
                    int consumers = one(overlay, "HorizontalPodAutoscaler", s.name()).at("/spec/maxReplicas").asInt()
                            * in.concurrency();
                    assertThat(consumers).as(overlay + " " + s.name() + " consumers of " + in.topic())
                            .isLessThanOrEqualTo(topic.at("/spec/partitions").asInt());
                }
            }
            needed.addAll(read);
            needed.addAll(write);
            // ACLs: exactly the topics it writes and reads, and its own consumer group.
            Map<String, Set<String>> acls = new HashMap<>();
            ObjectNode user = one(overlay, "KafkaUser", s.name());
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                assertThat(acl.at("/resource/patternType").asText("literal")).as(s.name() + " ACL pattern").isEqualTo("literal");
                acls.computeIfAbsent(acl.at("/resource/type").asText() + ":" + acl.at("/resource/name").asText(),
                        k -> new TreeSet<>()).addAll(texts(acl.path("operations")));
            }
            Map<String, Set<String>> expected = new HashMap<>();
            write.forEach(t -> expected.computeIfAbsent("topic:" + t, k -> new TreeSet<>()).addAll(Set.of("Describe", "Write")));
            read.forEach(t -> expected.computeIfAbsent("topic:" + t, k -> new TreeSet<>()).addAll(Set.of("Describe", "Read")));
            expected.put("group:" + s.name(), new TreeSet<>(Set.of("Describe", "Read")));
            assertThat(acls).as(overlay + " " + s.name() + " ACLs").isEqualTo(expected);
        }
        assertThat(topics.keySet()).as(overlay + " KafkaTopics").containsAll(needed);
        assertThat(new TreeSet<>(topics.keySet())).as(overlay + " KafkaTopics nobody uses").isSubsetOf(needed);

        // KRaft with node pools; clients authenticate on a TLS listener; ACLs are enforced.
        Set<String> roles = new HashSet<>();
        int brokers = 0;
        int controllers = 0;
        for (ObjectNode pool : ofKind(overlay, "KafkaNodePool")) {
            assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(clusterName);
            Set<String> r = texts(pool.at("/spec/roles"));
            roles.addAll(r);
            brokers += r.contains("broker") ? pool.at("/spec/replicas").asInt() : 0;
            controllers += r.contains("controller") ? pool.at("/spec/replicas").asInt() : 0;
        }
        assertThat(roles).containsExactlyInAnyOrder("broker", "controller");
        if (prod(overlay)) {
            assertThat(brokers).as("brokers").isGreaterThanOrEqualTo(3);
            assertThat(controllers).as("controllers").isGreaterThanOrEqualTo(3);
            assertThat(kafka.at("/spec/kafka/config/min.insync.replicas").asInt()).isEqualTo(2);
        }
        assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        assertThat(list(kafka.at("/spec/kafka/listeners"))).allMatch(l -> l.path("tls").asBoolean()
                && l.at("/authentication/type").asText().equals("scram-sha-512"));
        ObjectNode config = one(overlay, "ConfigMap", "leadpool-config");
        assertThat(config.at("/data/KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo(clusterName + "-kafka-bootstrap:"
                + kafka.at("/spec/kafka/listeners/0/port").asInt());
        assertThat(config.at("/data/KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.at("/data/KAFKA_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
    }

    // ------------------------------------------------------------------ identity provider and gateway

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void keycloakImportsEveryRealmAndTheServicesTrustItsPublicIssuer(String overlay) throws IOException {
        ObjectNode keycloak = ofKind(overlay, "Keycloak").get(0);
        Set<String> imported = new TreeSet<>();
        for (ObjectNode imp : ofKind(overlay, "KeycloakRealmImport")) {
            assertThat(imp.at("/spec/keycloakCRName").asText()).isEqualTo(name(keycloak));
            String realm = imp.at("/spec/realm/realm").asText();
            imported.add(realm);
            JsonNode local = Kustomize.JSON.readTree(Files.readString(
                    Kustomize.root().resolve("deploy/local/keycloak/realm-" + realm + ".json")));
            if (prod(overlay)) {
                // No demo users, no password in the repository, no literal client secret.
                String text = imp.toString();
                assertThat(text).as(realm + " credentials").doesNotContain("\"credentials\"", "lead-gateway-secret");
                assertThat(list(imp.at("/spec/realm/users")).stream().map(u -> u.path("username").asText()))
                        .as(realm + " users").allMatch(u -> u.startsWith("service-account-"));
                assertThat(list(imp.at("/spec/realm/clients")).stream().filter(c -> c.has("secret")))
                        .allMatch(c -> c.path("secret").asText().matches("\\$\\{[A-Z_]+}"));
            } else {
                // The same realm as the local suite and the e2e tests.
                assertThat(imp.at("/spec/realm")).as(realm + " as in deploy/local/keycloak").isEqualTo(local);
            }
        }
        Set<String> tenants = Set.of(one(overlay, "ConfigMap", "leadpool-config").at("/data/LEADPOOL_TENANCY_TENANTS")
                .asText().split(","));
        assertThat(imported).as("realms").containsAll(tenants).contains("platform");

        // Tokens name the public host Keycloak is configured with; keys are fetched inside the cluster.
        JsonNode data = one(overlay, "ConfigMap", "leadpool-config").path("data");
        assertThat(data.path("LEADPOOL_OIDC_REALMS_URL").asText()).isEqualTo(keycloak.at("/spec/hostname/hostname").asText() + "/realms");
        assertThat(keycloak.at("/spec/hostname/backchannelDynamic").asBoolean()).isTrue();
        assertThat(data.path("LEADPOOL_TENANCY_KEYS_URL").asText())
                .isEqualTo("http://" + name(keycloak) + "-service:8080/realms");
        assertThat(keycloak.at("/spec/db/host").asText()).isEqualTo(name(ofKind(overlay, "Cluster").get(0)) + "-rw");
        if (prod(overlay)) {
            assertThat(keycloak.at("/spec/instances").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(keycloak.at("/spec/hostname/hostname").asText()).startsWith("https://");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void theGatewayRoutesEveryRestPathToTheServiceThatServesIt(String overlay) {
        ObjectNode gateway = ofKind(overlay, "Gateway").get(0);
        record Rule(String type, String value, String backend, String rewrite) {
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> servicePorts = new HashMap<>();
        ofKind(overlay, "Service").forEach(s -> servicePorts.put(name(s), s.at("/spec/ports/0/port").asInt()));
        for (ObjectNode route : ofKind(overlay, "HTTPRoute")) {
            assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo(name(gateway));
            if (!route.at("/spec/parentRefs/0/sectionName").asText().equals("api")) {
                continue;
            }
            for (JsonNode rule : route.at("/spec/rules")) {
                String backend = rule.at("/backendRefs/0/name").asText();
                assertThat(rule.at("/backendRefs/0/port").asInt()).as(backend + " port").isEqualTo(servicePorts.get(backend));
                String rewrite = rule.at("/filters/0/urlRewrite/path/replacePrefixMatch").asText(null);
                for (JsonNode m : rule.path("matches")) {
                    rules.add(new Rule(m.at("/path/type").asText(), m.at("/path/value").asText(), backend, rewrite));
                }
            }
        }
        assertThat(rules).allMatch(r -> r.value().startsWith("/api/v1/"), "routes only /api/v1");
        java.util.function.Function<String, Optional<Rule>> route = path -> rules.stream()
                .filter(r -> r.type().equals("Exact") ? r.value().equals(path)
                        : path.equals(r.value()) || path.startsWith(r.value() + "/"))
                .max(java.util.Comparator.comparing((Rule r) -> r.type().equals("Exact"))
                        .thenComparing(r -> r.value().length()));
        int checked = 0;
        for (var e : CodeFacts.pathOwners().entrySet()) {
            String path = e.getKey();
            List<String> owners = e.getValue();
            if (owners.size() == 1) {
                Optional<Rule> r = route.apply(path);
                assertThat(r).as(overlay + " route for " + path).isPresent();
                assertThat(r.get().backend()).as(overlay + " " + path).isEqualTo(owners.get(0));
                assertThat(r.get().rewrite()).isNull();
                checked++;
            } else {
                // Served by every service (the audit log): one prefix per service, rewritten back.
                for (String owner : owners) {
                    String prefix = path + "/" + owner.replace("lead-", "").replace("-service", "");
                    Optional<Rule> r = route.apply(prefix);
                    assertThat(r).as(overlay + " route for " + prefix).isPresent();
                    assertThat(r.get().backend()).isEqualTo(owner);
                    assertThat(r.get().rewrite()).isEqualTo(path);
                    checked++;
                }
            }
        }
        System.out.printf("[deploy-k8s] %s: %d REST paths routed to the service that serves them%n", overlay, checked);
        assertThat(checked).isGreaterThan(30);
        if (prod(overlay)) {
            assertThat(list(gateway.at("/spec/listeners"))).allMatch(l -> l.path("protocol").asText().equals("HTTPS"));
        }
    }

    // ------------------------------------------------------------------ dashboard and alerts

    @org.junit.jupiter.api.Test
    void theDashboardAndTheAlertsUseOnlyDocumentedMetricsOfTheSuite() throws IOException {
        JsonNode dashboard = Kustomize.JSON.readTree(Files.readString(Kustomize.root()
                .resolve("deploy/k8s/components/monitoring/dashboards/lead-pool-suite.json")));
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        one("overlays/prod", "PrometheusRule", "leadpool-alerts").at("/spec/groups")
                .forEach(g -> g.path("rules").forEach(r -> exprs.add(r.path("expr").asText())));
        assertThat(one("overlays/prod", "ConfigMap", ofKind("overlays/prod", "ConfigMap").stream().map(DeployManifestsTest::name)
                .filter(n -> n.startsWith("leadpool-grafana-dashboard")).findFirst().orElseThrow())
                .at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        String ops = Files.readString(Kustomize.root().resolve("docs/operations.md"));
        Set<String> metrics = new TreeSet<>();
        for (String e : exprs) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(leadpool_[a-z_]+|kafka_[a-z_]+)").matcher(e);
            while (m.find()) {
                metrics.add(m.group(1).replaceAll("_(bucket|count|sum)$", ""));
            }
        }
        assertThat(metrics).as("metrics the dashboard and alerts use").isNotEmpty()
                .allMatch(m -> ops.contains("`" + m), "documented in docs/operations.md");
    }

    // ------------------------------------------------------------------ secrets and config maps

    @ParameterizedTest
    @ValueSource(strings = { "overlays/dev", "overlays/prod" })
    void everySecretAndConfigMapReferencedExistsOrIsMadeByAnOperatorOrIsDocumented(String overlay) throws IOException {
        List<ObjectNode> all = objects(overlay);
        Set<String> present = all.stream().filter(o -> o.path("kind").asText().equals("Secret")).map(DeployManifestsTest::name)
                .collect(Collectors.toSet());
        Set<String> byOperators = new TreeSet<>();
        ofKind(overlay, "KafkaUser").forEach(u -> byOperators.add(name(u)));
        ofKind(overlay, "Kafka").forEach(k -> byOperators.add(name(k) + "-cluster-ca-cert"));
        ofKind(overlay, "Cluster").forEach(c -> {
            byOperators.add(name(c) + "-ca");
            byOperators.add(name(c) + "-app");
        });
        Set<String> referenced = new TreeSet<>();
        Set<String> configMaps = new TreeSet<>();
        for (ObjectNode o : all) {
            collectRefs(o, referenced, configMaps);
        }
        Set<String> outside = new TreeSet<>(referenced);
        outside.removeAll(present);
        outside.removeAll(byOperators);
        if (prod(overlay)) {
            // Nothing secret is committed: every secret is the operator's to create, and the runbook names it.
            assertThat(present).as("secrets in the prod overlay").isEmpty();
            String ops = Files.readString(Kustomize.root().resolve("docs/operations.md"));
            assertThat(outside).as("secrets docs/operations.md must name").allMatch(s -> ops.contains("`" + s + "`"));
            assertThat(outside).isNotEmpty();
        } else {
            assertThat(outside).as(overlay + " needs no secret from outside").isEmpty();
        }
        Set<String> presentMaps = all.stream().filter(o -> o.path("kind").asText().equals("ConfigMap"))
                .map(DeployManifestsTest::name).collect(Collectors.toSet());
        assertThat(presentMaps).containsAll(configMaps);
    }

    /** Secret and ConfigMap names referenced anywhere in an object (pods, custom resources). */
    private static void collectRefs(JsonNode node, Set<String> secrets, Set<String> configMaps) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String k = e.getKey();
                JsonNode v = e.getValue();
                switch (k) {
                    case "secretKeyRef", "secretRef", "passwordSecret", "usernameSecret", "secret", "accessKeyId",
                            "secretAccessKey" -> {
                        if (v.isObject() && v.has("name")) {
                            secrets.add(v.path("name").asText());
                        }
                    }
                    case "secretName" -> secrets.add(v.asText());
                    case "certificateRefs" -> v.forEach(r -> secrets.add(r.path("name").asText()));
                    case "configMapKeyRef", "configMapRef" -> configMaps.add(v.path("name").asText());
                    default -> {
                    }
                }
                collectRefs(v, secrets, configMaps);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, secrets, configMaps));
        }
    }
}
