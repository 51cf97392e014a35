package io.leadpool.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds an overlay with the kubectl that tools/kubectl.sh fetched, and reads the objects it prints. */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private Kustomize() {
    }

    static Path root() {
        return Path.of(System.getProperty("leadpool.root", "../..")).toAbsolutePath().normalize();
    }

    static Path kubectl() {
        Path kubectl = Path.of(System.getProperty("leadpool.kubectl", "target/tools/kubectl"));
        if (!Files.isExecutable(kubectl)) {
            throw new IllegalStateException(kubectl + " is missing: the build fetches it (deploy/k8s/tools/kubectl.sh)");
        }
        return kubectl;
    }

    /** The objects of {@code kubectl kustomize deploy/k8s/<dir>}, in output order. */
    static List<ObjectNode> build(String dir) {
        Path path = root().resolve("deploy/k8s").resolve(dir);
        try {
            Process p = new ProcessBuilder(kubectl().toString(), "kustomize", path.toString())
                    .redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && !n.isEmpty()) {
                    objects.add((ObjectNode) n);
                }
            }
        }
        return objects;
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }
}
