package io.leadpool.e2e;

import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The suite's identity provider for black-box tests: the Keycloak distribution {@code deploy/local} runs
 * (unpacked by Maven into {@code target/keycloak}), started in dev mode on a free port with a data folder
 * of its own, importing {@code deploy/local/keycloak/realm-*.json}. Tokens come from it as a client gets
 * them (password grant through the public client, client credentials for the gateway) and are kept per
 * caller until shortly before they expire.
 */
final class Keycloak {

    /** Realms imported from {@code deploy/local/keycloak}; acme and globex are tenants of the services. */
    static final List<String> REALMS = List.of("acme", "globex", "platform", "initech");
    /** Realms only the e2e needs (not deploy/local's): a tenant to register at run time. */
    private static final Path E2E_REALMS = Path.of("src/test/resources/keycloak");
    static final String PUBLIC_CLIENT = "lead-pool-cli";
    static final String GATEWAY_CLIENT = "lead-gateway";
    static final String GATEWAY_SECRET = "lead-gateway-secret";
    /** A public client of the tenant realms without the lead-pool-api audience mapper. */
    static final String OTHER_APP_CLIENT = "other-app";
    /** Keycloak 26 asks for JDK 21 or later (deploy/local's KC_MIN_JAVA). */
    private static final int MIN_JAVA = 21;
    private static final String ADMIN = "admin";
    private static final Duration STARTUP = Duration.ofMinutes(4);
    /** A token is fetched again when it has less than this left, so no request carries one that expires in flight. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

    private final Path home;
    private final Path realmFiles;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Caller, Token> tokens = new ConcurrentHashMap<>();
    private Process process;
    private Instant startedAt;

    private record Token(String value, Instant renewAt) {
    }

    Keycloak(Path home, Path realmFiles, Path log, int port) {
        this.home = home;
        this.realmFiles = realmFiles;
        this.log = log;
        this.port = port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What the services are told: a tenant's issuer is this plus {@code "/" + realm}. */
    String realmsUrl() {
        return url() + "/realms";
    }

    String tokenUrl(String realm) {
        return realmsUrl() + "/" + realm + "/protocol/openid-connect/token";
    }

    /** A fresh dev database, the realm files to import, then {@code kc.sh start-dev}; does not wait. */
    synchronized void startFresh() {
        Path kcSh = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException(kcSh + " is missing: the e2e module's pre-integration-test phase unpacks"
                    + " org.keycloak:keycloak-quarkus-dist (run the e2e through ./mvnw verify)");
        }
        Path data = home.resolve("data");
        try {
            deleteTree(data);
            Path imports = Files.createDirectories(data.resolve("import"));
            try (Stream<Path> files = Stream.concat(Files.list(realmFiles), Files.list(E2E_REALMS))) {
                List<Path> realms = files.filter(f -> f.getFileName().toString().matches("realm-.*\\.json")).toList();
                for (String realm : REALMS) {
                    if (realms.stream().noneMatch(f -> f.getFileName().toString().equals("realm-" + realm + ".json"))) {
                        throw new IllegalStateException("no realm-" + realm + ".json in " + realmFiles);
                    }
                }
                for (Path f : realms) {
                    Files.copy(f, imports.resolve(f.getFileName()));
                }
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** Starts Keycloak on its port with the data it has (after {@link #stop}: the same realms and keys). */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Keycloak is running already");
        }
        Path javaHome = javaHome();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=" + url(), "--import-realm")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        // Nothing from the calling environment changes this Keycloak: its options are the ones above.
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.startsWith("QUARKUS_")
                || k.startsWith("JAVA_OPTS") || k.equals("JAVA_ADD_OPENS") || k.equals("JAVA"));
        env.put("JAVA_HOME", javaHome.toString()); // kc.sh's own heap: -Xms64m -Xmx512m
        // The master realm's admin (made on the first start of a fresh data folder): tests that need users
        // beyond the realm files create them through the admin API (ensureUser).
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN);
        try {
            startedAt = Instant.now();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + home, e);
        }
    }

    /**
     * A user of the realm with one realm role, created through the admin API unless it exists (password =
     * user name); returns its id, the subject of its tokens.
     */
    String ensureUser(String realm, String username, String role) {
        String admin = io.restassured.RestAssured.given().baseUri(url()).formParam("grant_type", "password")
                .formParam("client_id", "admin-cli").formParam("username", ADMIN).formParam("password", ADMIN)
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        var api = io.restassured.RestAssured.given().baseUri(url() + "/admin/realms/" + realm).auth().oauth2(admin);
        java.util.List<String> found = api.get("/users?exact=true&username=" + username).then().statusCode(200)
                .extract().path("id");
        if (!found.isEmpty()) {
            return found.get(0);
        }
        io.restassured.RestAssured.given().baseUri(url() + "/admin/realms/" + realm).auth().oauth2(admin)
                .contentType("application/json").body(Map.of("username", username, "enabled", true,
                        "email", username + "@e2e.leadpool.test", "emailVerified", true, "firstName", username,
                        "lastName", "E2E", "credentials", List.of(Map.of("type", "password", "value", username,
                                "temporary", false))))
                .post("/users").then().statusCode(201);
        String id = io.restassured.RestAssured.given().baseUri(url() + "/admin/realms/" + realm).auth().oauth2(admin)
                .get("/users?exact=true&username=" + username).then().statusCode(200).extract().path("[0].id");
        Map<String, Object> roleJson = io.restassured.RestAssured.given().baseUri(url() + "/admin/realms/" + realm)
                .auth().oauth2(admin).get("/roles/" + role).then().statusCode(200).extract().jsonPath().getMap("");
        io.restassured.RestAssured.given().baseUri(url() + "/admin/realms/" + realm).auth().oauth2(admin)
                .contentType("application/json").body(List.of(roleJson))
                .post("/users/" + id + "/role-mappings/realm").then().statusCode(204);
        return id;
    }

    /** Waits until every realm answers its discovery document; returns how long the start took. */
    Duration awaitReady() {
        List<HttpRequest> discovery = REALMS.stream().map(realm -> HttpRequest.newBuilder(
                URI.create(realmsUrl() + "/" + realm + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).build()).toList();
        org.awaitility.Awaitility.await("Keycloak realms " + REALMS).atMost(STARTUP)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptionsMatching(e -> e instanceof IOException)
                .until(() -> {
                    Process p = process;
                    if (p == null || !p.isAlive()) {
                        throw new IllegalStateException("Keycloak exited" + (p == null ? "" : " with " + p.exitValue())
                                + "; see " + log);
                    }
                    for (HttpRequest r : discovery) {
                        if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                            return false;
                        }
                    }
                    return true;
                });
        return Duration.between(startedAt, Instant.now());
    }

    /** SIGTERM (kc.sh hands it to the JVM), then SIGKILL for whatever is left of the process tree. */
    synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList();
        p.destroy();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().get(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // killed below
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The caller's access token, fetched once and again shortly before it expires. */
    String token(Caller caller) {
        Token t = tokens.compute(caller, (c, known) -> known != null && Instant.now().isBefore(known.renewAt())
                ? known : fetch(c));
        return t.value();
    }

    /** A token no service has seen yet (never cached). */
    String freshToken(Caller caller) {
        return fetch(caller).value();
    }

    private Token fetch(Caller caller) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        if (caller.username() == null) {
            form.put("grant_type", "client_credentials");
            form.put("client_id", caller.clientId());
            form.put("client_secret", GATEWAY_SECRET);
        } else {
            form.put("grant_type", "password");
            form.put("client_id", caller.clientId());
            form.put("username", caller.username());
            form.put("password", caller.username()); // the demo users' password is their name
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl(caller.realm())))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant asked = Instant.now();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + url() + " did not answer the token request of " + caller, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for " + caller + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        JsonPath json = JsonPath.from(response.body());
        Duration lifetime = Duration.ofSeconds(json.getLong("expires_in"));
        return new Token(json.getString("access_token"), asked.plus(lifetime).minus(EXPIRY_MARGIN));
    }

    /**
     * A JDK for Keycloak: {@code leadpool.e2e.keycloak.java-home} or {@code LEADPOOL_KC_JAVA_HOME} if set,
     * else the first JDK ≥ 21 (Temurin 25 first, as {@code deploy/local/up.sh} does), else this JVM's.
     */
    static Path javaHome() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("leadpool.e2e.keycloak.java-home")).filter(s -> !s.isBlank())
                .map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("LEADPOOL_KC_JAVA_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).ifPresent(candidates::add);
        if (!candidates.isEmpty()) {
            Path chosen = candidates.get(0);
            if (!Files.isExecutable(chosen.resolve("bin/java"))) {
                throw new IllegalStateException("no bin/java in the JDK chosen for Keycloak: " + chosen);
            }
            return chosen;
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        candidates.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        File[] installed = new File("/usr/lib/jvm").listFiles();
        if (installed != null) {
            Stream.of(installed).map(File::toPath).sorted(Comparator.reverseOrder()).forEach(candidates::add);
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c.resolve("bin/java")) && javaMajor(c) >= MIN_JAVA) {
                return c;
            }
        }
        Path own = Path.of(System.getProperty("java.home"));
        System.err.println("[e2e] no JDK >= " + MIN_JAVA + " found (set LEADPOOL_KC_JAVA_HOME); running Keycloak on "
                + own + ", a JDK Keycloak 26 does not support");
        return own;
    }

    /** The major version from the JDK's {@code release} file, 0 when unknown. */
    private static int javaMajor(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = v.startsWith("1.") ? v.substring(2).split("\\.")[0] : v.split("[.+-]")[0];
                    return Integer.parseInt(major);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK we can read
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
