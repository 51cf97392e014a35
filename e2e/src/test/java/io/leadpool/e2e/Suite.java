package io.leadpool.e2e;

import io.leadpool.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite for black-box tests: one real PostgreSQL, one real Kafka broker (a process of its own,
 * {@link Broker}), one real Keycloak
 * (the distribution and realm files of {@code deploy/local}), and the four services as separate processes
 * started from their packaged jars (the same jars {@code deploy/local} runs), verifying tokens with the
 * realms' keys fetched from that Keycloak. Started once per test JVM and stopped when it exits; services
 * and the broker can be killed with SIGKILL and started again, PostgreSQL crashed and restarted
 * ({@code TestPostgres.restart}), Keycloak stopped and started again.
 */
public final class Suite {

    /** The four services, their module and database. */
    public enum Service {
        INTAKE("lead-intake-service", "intake"),
        DEDUP("dedup-service", "dedup"),
        POOL("pool-service", "pool"),
        SCHEDULER("scheduler-service", "scheduler");

        final String module;
        final String database;

        Service(String module, String database) {
            this.module = module;
            this.database = database;
        }
    }

    private static Suite instance;

    private final Path root = Path.of(System.getProperty("leadpool.e2e.root", ".."));
    private final Path logs = Path.of(System.getProperty("leadpool.e2e.logs", "target/e2e-logs"));
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final List<Process> replicas = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Keycloak keycloak = new Keycloak(
            Path.of(System.getProperty("leadpool.e2e.keycloak.home", "target/keycloak/keycloak-26.7.3")),
            root.resolve("deploy/local/keycloak"), logs.resolve("keycloak.log"), freePort());
    private final Broker broker = new Broker(Path.of("target/kafka"), logs.resolve("kafka.log"));

    private Suite() {
    }

    public static synchronized Suite get() {
        if (instance == null) {
            Suite s = new Suite();
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopAll, "stop-suite"));
            try {
                s.startAll();
            } catch (RuntimeException | Error e) {
                s.stopAll();
                throw e;
            }
            instance = s;
        }
        return instance;
    }

    Keycloak keycloak() {
        return keycloak;
    }

    /** The Kafka broker, a process of its own that a test may kill and start again. */
    Broker broker() {
        return broker;
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** {@code kill -9}: the process gets no chance to finish anything. */
    public void kill(Service service) {
        Process p = processes.remove(service);
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code kill -9} of a running service, then its start; returns the time from the kill until it is ready. */
    public Duration killAndRestart(Service service) {
        long killed = System.nanoTime();
        kill(service);
        start(service);
        return Duration.ofNanos(System.nanoTime() - killed);
    }

    /** Starts a service that is not running (after {@link #kill}). */
    public void start(Service service) {
        if (processes.containsKey(service)) {
            throw new IllegalStateException(service.module + " is running already");
        }
        processes.put(service, launch(service));
        awaitReady(service);
    }

    /**
     * Starts one more replica of a service: the same jar and database, its own port (and log); it runs until the
     * suite stops or {@link #stopReplica}. Returns it and its base URL.
     */
    public Replica startReplica(Service service) {
        int port = freePort();
        Process p = launch(service, port, service.module + "-replica-" + (replicas.size() + 1) + ".log");
        replicas.add(p);
        String url = "http://127.0.0.1:" + port;
        awaitReady(service.module + " replica", p, url);
        return new Replica(p, url);
    }

    /** A replica started by {@link #startReplica}. */
    public record Replica(Process process, String url) {
    }

    public void stopReplica(Replica replica) {
        replica.process().destroy();
        try {
            replica.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replica.process().destroyForcibly();
        replicas.remove(replica.process());
    }



    public java.sql.Connection database(Service service) throws java.sql.SQLException {
        return TestPostgres.connect(service.database);
    }

    private void startAll() {
        try {
            Files.createDirectories(logs);
            for (Service s : Service.values()) {
                Files.deleteIfExists(logs.resolve(s.module + ".log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Keycloak takes longest; the services need it only for their first token (keys are fetched then).
        keycloak.startFresh();
        broker.startFresh();
        createTopics();
        for (Service s : Service.values()) {
            TestPostgres.database(s.database);
            ports.put(s, freePort());
        }
        for (Service s : Service.values()) {
            processes.put(s, launch(s));
        }
        for (Service s : Service.values()) {
            awaitReady(s);
        }
        Duration keycloakStart = keycloak.awaitReady();
        System.out.printf("[e2e] Keycloak ready at %s after %d s (realms %s)%n", keycloak.url(),
                keycloakStart.toSeconds(), Keycloak.REALMS);
        warmUp();
    }

    /**
     * One lead through the whole chain before any test measures anything: the first request of a fresh
     * JVM pays for class loading and JIT, which is not what a running suite's latency is.
     */
    public void warmUp() {
        String token = keycloak.token(Api.GATEWAY);
        String intakeId = io.restassured.RestAssured.given().baseUri(url(Service.INTAKE)).auth().oauth2(token)
                .contentType("application/json").body("{\"name\":\"Warm Up\",\"email\":\"warm-up@leadpool.test\"}")
                .post("/api/v1/leads").then().statusCode(202).extract().path("intakeId");
        org.awaitility.Awaitility.await("warm-up lead decided").atMost(Duration.ofSeconds(60))
                .until(() -> !"RECEIVED".equals(io.restassured.RestAssured.given().baseUri(url(Service.INTAKE))
                        .auth().oauth2(token).get("/api/v1/intake/{id}", intakeId).then().extract().path("status")));
    }

    /** Topics exist before the services start, as in production, so consumers are assigned at once. */
    private void createTopics() {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            List<org.apache.kafka.clients.admin.NewTopic> topics = new ArrayList<>();
            for (String t : io.leadpool.events.Topics.ALL) {
                topics.add(new org.apache.kafka.clients.admin.NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    private Process launch(Service s) {
        return launch(s, ports.get(s), s.module + ".log");
    }

    private Process launch(Service s, int port, String logName) {
        // -Dleadpool.e2e.native=true: the native executables (./mvnw -Dnative, .github/workflows/native.yml).
        boolean nativeImage = Boolean.getBoolean("leadpool.e2e.native");
        Path jar = nativeImage
                ? root.resolve(s.module).resolve("target/" + s.module + "-" + System.getProperty("leadpool.e2e.version",
                        "0.1.0-SNAPSHOT") + "-runner")
                : root.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        List<String> cmd = new ArrayList<>(nativeImage ? List.of(jar.toString(), "-Xmx256m")
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dleadpool.scheduler.sweep-interval=1s",
                "-Dquarkus.log.file.enabled=false",
                // The logs stay lines a person reads (production logs JSON).
                "-Dquarkus.log.console.json.enabled=false"));
        TestPostgres.serviceConfig(s.database).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        // Tenants' keys come from the realms' JWKS (no leadpool.tenancy.public-keys.*).
        cmd.add("-Dleadpool.tenancy.realms-url=" + keycloak.realmsUrl());
        if (!nativeImage) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        }
        File log = logs.resolve(logName).toFile();
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + s.module, e);
        }
    }

    private void awaitReady(Service s) {
        awaitReady(s.module, processes.get(s), url(s));
    }

    private void awaitReady(String name, Process p, String url) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        org.awaitility.Awaitility.await(name + " ready").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptionsMatching(e -> e instanceof IOException)
                .until(() -> {
                    if (p != null && !p.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + logs);
                    }
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    private void stopAll() {
        List<Process> all = new ArrayList<>(processes.values());
        all.addAll(replicas);
        all.forEach(Process::destroy);
        for (Process p : all) {
            try {
                p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        }
        keycloak.stop();
        broker.stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
