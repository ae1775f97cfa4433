package dev.clusterlog.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import dev.clusterlog.agent.config.AgentConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * deploy/ renders: every Kustomize overlay with the real {@code kubectl kustomize}, the Helm chart
 * with Helm itself (helm-java runs Helm's Go library in this JVM), and the two give the same
 * objects; every object parses strictly as its Kubernetes type; the agent's configurations load
 * with the agent's own strict loader; the images are the one this build makes.
 */
class DeployRenderTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("clusterlog.repository", "..")).toAbsolutePath();
    private static final Path DEPLOY = REPOSITORY.resolve("deploy");
    private static final String IMAGE = "clusterlog:" + System.getProperty("clusterlog.version", "0.1.0-SNAPSHOT");

    /** Each overlay and the chart's values that give the same objects. */
    static Stream<Object[]> overlays() {
        return Stream.of(
                new Object[] {"in-cluster", Map.of()},
                new Object[] {"external-server", Map.of("server.enabled", false, "agent.server",
                        "https://logs.example.com:3100")},
                new Object[] {"sidecar-examples", Map.of("agent.enabled", false, "server.enabled", false,
                        "sidecarExamples.enabled", true)});
    }

    @Test
    void everyOverlayIsTested() throws IOException {
        try (Stream<Path> s = Files.list(DEPLOY.resolve("overlays"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(overlays().map(o -> (String) o[0]).sorted().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayRendersStrictObjectsAndTheChartRendersTheSame(String overlay, Map<String, Object> values) throws Exception {
        List<Map<String, Object>> kustomized = documents(kustomize(DEPLOY.resolve("overlays").resolve(overlay)));
        assertThat(kustomized).isNotEmpty();
        for (Map<String, Object> o : kustomized) {
            HasMetadata typed = StrictKubernetesParser.parse(o);
            for (Container c : containers(typed)) {
                if (!c.getImage().startsWith("busybox")) {
                    assertThat(c.getImage()).as("%s %s", typed.getKind(), c.getName()).isEqualTo(IMAGE);
                }
            }
        }

        String namespace = overlay.equals("sidecar-examples") ? "default" : "logging";
        var template = new Helm(DEPLOY).template().withName("clusterlog").withNamespace(namespace);
        values.forEach(template::set);
        List<Map<String, Object>> charted = documents(template.call());
        for (Map<String, Object> o : charted) {
            StrictKubernetesParser.parse(o);
        }
        Map<String, Map<String, Object>> expected = byIdentity(kustomized.stream()
                .filter(o -> !o.get("kind").equals("Namespace")).toList());
        Map<String, Map<String, Object>> actual = byIdentity(charted);
        assertThat(actual.keySet()).as("objects the chart renders").containsExactlyElementsOf(expected.keySet());
        for (String id : expected.keySet()) {
            assertThat(differences(id, expected.get(id), actual.get(id)))
                    .as("where the chart's %s differs from the overlay's (overlay value -> chart value)", id).isEmpty();
        }
        if (!overlay.equals("sidecar-examples")) {
            assertThat(kustomized).anySatisfy(o -> {
                assertThat(o.get("kind")).isEqualTo("Namespace");
                assertThat(((Map<?, ?>) o.get("metadata")).get("name")).isEqualTo(namespace);
            });
        }
    }

    @Test
    void theChartLintsStrictly() {
        new Helm(DEPLOY).lint().strict().call();
    }

    @Test
    void footprintIsOneValueEachAndTheChartOverridesIt() throws Exception {
        DaemonSet ds = (DaemonSet) object(documents(kustomize(DEPLOY.resolve("overlays/in-cluster"))), "DaemonSet");
        Map<String, Quantity> limits = ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()
                .getLimits();
        // the JVM's heap is half the memory limit (-XX:MaxRAMPercentage=50): the 256 MiB heap BENCHMARKS.md measured
        assertThat(Quantity.getAmountInBytes(limits.get("memory")).longValue() / 2).isEqualTo(256L << 20);
        assertThat(ImageLayout.javaArguments("", List.of("a.jar"), "z.so", "s.so")).contains("-XX:MaxRAMPercentage=50");
        StatefulSet sts = (StatefulSet) object(documents(kustomize(DEPLOY.resolve("overlays/in-cluster"))), "StatefulSet");
        assertThat(Quantity.getAmountInBytes(sts.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getResources().getLimits().get("memory")).longValue() / 2).isEqualTo(1L << 30);

        String overridden = new Helm(DEPLOY).template().withName("clusterlog").withNamespace("logging")
                .set("agent.resources.limits.memory", "1Gi").call();
        DaemonSet big = (DaemonSet) object(documents(overridden), "DaemonSet");
        assertThat(big.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().getLimits()
                .get("memory")).isEqualTo(new Quantity("1Gi"));
    }

    @Test
    void unknownAndMisplacedFieldsAreRejected() throws Exception {
        Map<String, Object> ds = documents(kustomize(DEPLOY.resolve("overlays/in-cluster"))).stream()
                .filter(o -> o.get("kind").equals("DaemonSet")).findFirst().orElseThrow();
        Map<String, Object> podSpec = map(map(map(ds, "spec"), "template"), "spec");
        podSpec.put("toleration", podSpec.remove("tolerations"));
        assertThatThrownBy(() -> StrictKubernetesParser.parse(ds)).hasMessageContaining("DaemonSet clusterlog-agent.spec"
                + ".template.spec.toleration");
        podSpec.put("tolerations", podSpec.remove("toleration"));
        StrictKubernetesParser.parse(ds);
        map(ds, "metadata").put("replicas", 2);
        assertThatThrownBy(() -> StrictKubernetesParser.parse(ds)).hasMessageContaining("metadata.replicas");
    }

    @Test
    void agentConfigurationsLoadWithTheAgentsStrictLoader() throws Exception {
        AgentConfig node = AgentConfig.load(DEPLOY.resolve("base/agent/agent.yaml"));
        assertThat(node.kubernetes().enabled()).isTrue();
        assertThat(node.metricsListen()).isEqualTo("0.0.0.0:9105");
        assertThat(node.stateDir()).isEqualTo(Path.of(ImageLayout.AGENT_STATE));
        assertThat(node.sources()).singleElement().satisfies(s -> assertThat(s.nodeRoot()).isEqualTo(Path.of("/var/log")));
        AgentConfig sidecar = AgentConfig.load(DEPLOY.resolve("base/sidecar-examples/agent-sidecar.yaml"));
        assertThat(sidecar.sources()).hasSize(2);
        assertThat(sidecar.output().url()).isEqualTo("http://clusterlog-server.logging:3100");
    }

    /** Every path where {@code a} and {@code b} differ, with both values. */
    static List<String> differences(String path, Object a, Object b) {
        List<String> out = new ArrayList<>();
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            var keys = new java.util.TreeSet<String>();
            ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                out.addAll(differences(path + "." + k, ma.get(k), mb.get(k)));
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                out.addAll(differences(path + "[" + i + "]", la.get(i), lb.get(i)));
            }
        } else if (!java.util.Objects.equals(a, b)) {
            out.add(path + ": " + a + " -> " + b);
        }
        return out;
    }

    private static HasMetadata object(List<Map<String, Object>> objects, String kind) throws Exception {
        return StrictKubernetesParser.parse(objects.stream().filter(o -> o.get("kind").equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind)));
    }

    private static List<Container> containers(HasMetadata o) {
        var spec = switch (o) {
            case DaemonSet d -> d.getSpec().getTemplate().getSpec();
            case StatefulSet s -> s.getSpec().getTemplate().getSpec();
            case io.fabric8.kubernetes.api.model.Pod p -> p.getSpec();
            default -> null;
        };
        return spec == null ? List.of() : spec.getContainers();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Object> o : objects) {
            Map<?, ?> meta = (Map<?, ?>) o.get("metadata");
            String id = o.get("kind") + " " + meta.get("namespace") + "/" + meta.get("name");
            assertThat(out.put(id, o)).as("two objects named %s", id).isNull();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (doc != null) {
                out.add(new LinkedHashMap<>((Map<String, Object>) doc));
            }
        }
        return out;
    }

    /** {@code kubectl kustomize DIR} with the machine's real kubectl. */
    static String kustomize(Path dir) throws IOException, InterruptedException {
        assumeTrue(onPath("kubectl"), "kubectl is not on the PATH: the Kustomize renderings are not checked");
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
        return out;
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
