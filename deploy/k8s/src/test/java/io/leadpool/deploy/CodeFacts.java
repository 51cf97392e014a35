package io.leadpool.deploy;

import io.leadpool.events.EventType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the code says the deployment must provide, read from the sources and configuration rather than
 * repeated here: the services, their databases and ports, the topics they publish (the events they
 * construct, through {@link EventType}), the channels they consume with their dead-letter topics, and
 * the REST paths they serve.
 */
final class CodeFacts {

    /** A service: module name (= application name, Kafka user, consumer group), database, HTTP port. */
    record Service(String name, String database, int port) {
    }

    /** A consuming channel: its topic, its dead-letter topic and how many consumers each replica runs. */
    record Incoming(String channel, String topic, String deadLetterTopic, int concurrency) {
    }

    static final List<String> MODULES = List.of("lead-intake-service", "dedup-service", "pool-service",
            "scheduler-service");

    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern CLASS = Pattern.compile("\\b(class|interface|record)\\s+\\w+");
    private static final Pattern TEMPLATE = Pattern.compile("\\{[^}]*}");

    private CodeFacts() {
    }

    static Properties properties(String module) {
        Properties all = new Properties();
        load(all, Kustomize.root().resolve("lead-platform/src/main/resources/META-INF/microprofile-config.properties"));
        load(all, Kustomize.root().resolve(module).resolve("src/main/resources/application.properties"));
        return all;
    }

    private static void load(Properties into, Path file) {
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file)));
            into.putAll(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Service> services() {
        List<Service> out = new ArrayList<>();
        for (String m : MODULES) {
            Properties p = properties(m);
            String url = p.getProperty("quarkus.datasource.reactive.url");
            out.add(new Service(p.getProperty("quarkus.application.name"), url.substring(url.lastIndexOf('/') + 1),
                    Integer.parseInt(p.getProperty("quarkus.http.port"))));
        }
        return out;
    }

    /** Every incoming Kafka channel of the service (its own and lead-platform's shared ones). */
    static List<Incoming> incoming(String module) {
        Properties p = properties(module);
        String app = p.getProperty("quarkus.application.name");
        List<Incoming> out = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic").matcher(key);
            if (m.matches()) {
                String ch = m.group(1);
                String dlq = p.getProperty("mp.messaging.incoming." + ch + ".dead-letter-queue.topic");
                out.add(new Incoming(ch, p.getProperty(key),
                        dlq == null ? null : dlq.replace("${quarkus.application.name}", app),
                        Integer.parseInt(p.getProperty("mp.messaging.incoming." + ch + ".concurrency", "1"))));
            }
        }
        return out;
    }

    /** The topics the service publishes: those of the events its main sources construct. */
    static Set<String> produced(String module) {
        String sources = sources(Kustomize.root().resolve(module).resolve("src/main/java"));
        Set<String> topics = new TreeSet<>();
        for (EventType t : EventType.values()) {
            if (Pattern.compile("new\\s+" + t.payloadType().getSimpleName() + "\\s*\\(").matcher(sources).find()) {
                topics.add(t.topic());
            }
        }
        return topics;
    }

    /** The REST paths a module serves (class and method {@code @Path}), templates filled with a sample. */
    static Set<String> restPaths(String module) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Kustomize.root().resolve(module).resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher cls = CLASS.matcher(src);
                int classAt = cls.find() ? cls.start() : 0;
                String base = "";
                List<String> methods = new ArrayList<>();
                Matcher m = PATH.matcher(src);
                while (m.find()) {
                    if (m.start() < classAt) {
                        base = m.group(1);
                    } else {
                        methods.add(m.group(1));
                    }
                }
                if (base.isEmpty() && methods.isEmpty()) {
                    continue;
                }
                if (servesBase(src.substring(classAt))) {
                    methods.add("");
                }
                for (String method : methods) {
                    String path = (base + (method.isEmpty() || method.startsWith("/") ? method : "/" + method))
                            .replaceAll("//+", "/");
                    out.add(TEMPLATE.matcher(path).replaceAll("x1"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether a resource method without its own {@code @Path} exists (it serves the class's path). */
    private static boolean servesBase(String body) {
        Matcher verb = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH)\\b").matcher(body);
        while (verb.find()) {
            // The method's annotations: from the end of the previous member (a line ending in ; { or })
            // to the start of this method's body.
            Matcher end = Pattern.compile("[;{}][ \\t]*\\R").matcher(body.substring(0, verb.start()));
            int from = 0;
            while (end.find()) {
                from = end.end();
            }
            Matcher bodyStart = Pattern.compile("[{;][ \\t]*\\R").matcher(body);
            int to = bodyStart.find(verb.end()) ? bodyStart.start() : body.length();
            if (!body.substring(from, to).contains("@Path(")) {
                return true;
            }
        }
        return false;
    }

    private static String sources(Path dir) {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** Paths served by the given modules, each with the modules that serve it. */
    static Map<String, List<String>> pathOwners() {
        Map<String, List<String>> owners = new LinkedHashMap<>();
        Set<String> platform = restPaths("lead-platform");
        for (String m : MODULES) {
            Set<String> paths = new TreeSet<>(restPaths(m));
            paths.addAll(platform);
            for (String p : paths) {
                owners.computeIfAbsent(p, k -> new ArrayList<>()).add(m);
            }
        }
        return owners;
    }
}
