package io.leadpool.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The suite's Kafka broker as an OS process of its own (KRaft, one combined broker/controller node, the
 * Kafka jars of the test classpath), so that a test can {@code kill -9} it and start it again: on the same
 * ports, with the same log dir, as a broker host that lost power comes back.
 */
final class Broker {

    private final Path home;
    private final Path log;
    private final int port = Suite.freePort();
    private final int controllerPort = Suite.freePort();
    private Process process;

    /**
     * @param home its config and log dirs
     * @param log  where its output goes (appended across restarts)
     */
    Broker(Path home, Path log) {
        this.home = home;
        this.log = log;
    }

    /** Wipes its dirs, formats an empty cluster's log dir and starts the broker. */
    Duration startFresh() {
        try {
            deleteRecursively(home);
            Files.createDirectories(home.resolve("data"));
            Files.deleteIfExists(log);
            Files.writeString(serverProperties(), config());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("format the log dir", "kafka.tools.StorageTool", "format",
                "-t", org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", serverProperties().toString());
        return start();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits until it leads every partition; returns how long that took. */
    Duration start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running already");
        }
        Instant started = Instant.now();
        process = launch(Main.class.getName(), serverProperties().toString());
        awaitReady();
        return Duration.between(started, Instant.now());
    }

    /** {@code kill -9}: no controlled shutdown, no flush; the log dir recovers on the next start. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A clean shutdown, when the suite stops. */
    void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String config() {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                auto.create.topics.enable=true
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # A restarted node serves only once its previous registration expired (9 s by default).
                broker.session.timeout.ms=3000
                broker.heartbeat.interval.ms=1000
                """.formatted(port, controllerPort, home.resolve("data").toAbsolutePath());
    }

    private Path serverProperties() {
        return home.resolve("server.properties");
    }

    /** Ready: the broker answers metadata requests and every partition of every topic has a leader. */
    private void awaitReady() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(p)) {
            org.awaitility.Awaitility.await("Kafka broker ready").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the Kafka broker exited with " + process.exitValue()
                                    + "; see " + log);
                        }
                        var topics = admin.listTopics().names().get();
                        return !admin.describeCluster().nodes().get().isEmpty()
                                && admin.describeTopics(topics).allTopicNames().get().values().stream()
                                        .map(TopicDescription::partitions).flatMap(List::stream)
                                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                    });
        }
    }

    private void run(String what, String mainClass, String... args) {
        Process p = launch(mainClass, args);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("cannot " + what + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    /**
     * A JVM on the test JVM's classpath (under failsafe a manifest-only jar whose Class-Path java honours),
     * which holds the Kafka server jars through lead-platform-testing.
     */
    private Process launch(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The broker process: Kafka's main, its log on stdout. Outside Quarkus the log manager of the test
     * classpath configures no handler (Quarkus's bootstrap jar brings an empty configurator), so one is added.
     */
    static final class Main {

        public static void main(String[] args) {
            var context = org.jboss.logmanager.LogContext.getLogContext();
            var console = new org.jboss.logmanager.handlers.ConsoleHandler(
                    org.jboss.logmanager.handlers.ConsoleHandler.Target.SYSTEM_OUT,
                    new org.jboss.logmanager.formatters.PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c{1.}] %s%e%n"));
            context.getLogger("").addHandler(console);
            context.getLogger("").setLevel(java.util.logging.Level.INFO);
            context.getLogger("state.change.logger").setLevel(java.util.logging.Level.WARNING);
            kafka.Kafka.main(args);
        }
    }
}
