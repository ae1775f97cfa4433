package dev.clusterlog.agent.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.output.PushReceiver;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod labels and annotations from the Kubernetes API, against fabric8's mock API server in CRUD
 * mode (a real HTTP server on a loopback port; the pods are created through the real client).
 */
class KubernetesEnrichmentTest {
    @TempDir
    Path tmp;
    KubernetesMockServer server;
    KubernetesClient client;
    NodeSelectorRecorder dispatcher;

    /**
     * The mock's CRUD mode filters by {@code metadata.name} and {@code metadata.namespace} fields
     * only (another field selector matches nothing): this records the field selectors the agent
     * sends and passes the request on without them, so other nodes' pods come back as well and
     * the agent's own node check is tested too.
     */
    static final class NodeSelectorRecorder extends KubernetesCrudDispatcher {
        final List<String> fieldSelectors = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int at = path.indexOf("fieldSelector=");
            if (at < 0) {
                return super.dispatch(request);
            }
            int end = path.indexOf('&', at);
            fieldSelectors.add(URLDecoder.decode(path.substring(at + 14, end < 0 ? path.length() : end), StandardCharsets.UTF_8));
            String stripped = path.substring(0, at) + (end < 0 ? "" : path.substring(end + 1));
            if (stripped.endsWith("?") || stripped.endsWith("&")) {
                stripped = stripped.substring(0, stripped.length() - 1);
            }
            return super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), stripped,
                    request.getHeaders(), request.getBody()));
        }
    }

    @BeforeEach
    void startApi() {
        dispatcher = new NodeSelectorRecorder();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopApi() {
        client.close();
        server.destroy();
    }

    static PushReceiver receiverForDiagnostics;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what
                        + (receiverForDiagnostics == null ? "" : "; received " + receiverForDiagnostics.snapshot()));
            }
            Thread.sleep(20);
        }
    }

    /** Creates a pod; returns the UID the API server gave it (the one in its log paths). */
    private String pod(String name, String node, Map<String, String> labels, Map<String, String> annotations) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
        return client.pods().inNamespace("default").resource(pod).create().getMetadata().getUid();
    }

    private static void append(Path root, String pod, String uid, String... lines) throws IOException {
        Path f = root.resolve("pods/default_" + pod + "_" + uid + "/app/0.log");
        Files.createDirectories(f.getParent());
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append("2024-05-01T10:00:00.000000001Z stdout F ").append(l).append('\n');
        }
        Files.writeString(f, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private AgentConfig config(Path root, String url) throws Exception {
        return AgentConfig.parse("""
                agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 50ms}
                sources: [{name: pods, type: kubernetes, node_root: %s}]
                output: {type: http, url: %s, batch_wait: 100ms, retry_min: 20ms, retry_max: 200ms}
                metrics: {listen: ""}
                kubernetes: {enabled: true, api_server: "%s"}
                """.formatted(tmp.resolve("state"), root, url, server.url("/")));
    }

    private static List<PushReceiver.Entry> of(PushReceiver r, String pod) {
        return r.snapshot().stream().filter(e -> pod.equals(e.labels().get("pod"))).toList();
    }

    @Test
    void labelsExclusionMultilineAndAnApiOutage() throws Exception {
        String web = pod("web", "node-a", Map.of("app", "web", "app.kubernetes.io/name", "shop", "team", "payments"), Map.of());
        String quiet = pod("quiet", "node-a", Map.of("app", "quiet"), Map.of("clusterlog.dev/exclude", "true"));
        String jvm = pod("jvm", "node-a", Map.of(), Map.of("clusterlog.dev/multiline", "java"));
        String plain = pod("plain", "node-a", Map.of(), Map.of());
        String other = pod("other", "node-b", Map.of("app", "other"), Map.of());
        Path root = tmp.resolve("node");
        append(root, "web", web, "web 1", "web 2");
        append(root, "quiet", quiet, "secret 1", "secret 2", "secret 3");
        String[] trace = {"Exception in thread \"main\" java.lang.IllegalStateException: boom",
            "\tat dev.example.Main.run(Main.java:10)", "\tat dev.example.Main.main(Main.java:3)", "after the trace"};
        append(root, "jvm", jvm, trace);
        // (another first line: files with the same first 64 bytes would be taken for copies of one stream)
        String[] plainTrace = {"Exception in thread \"worker\" java.lang.IllegalStateException: boom", trace[1], trace[2], trace[3]};
        append(root, "plain", plain, plainTrace);
        append(root, "other", other, "not this node's pod, but its file is here");

        try (PushReceiver receiver = new PushReceiver()) {
            Agent agent = new Agent(config(root, receiver.url()));
            receiverForDiagnostics = receiver;
            try {
                await("web, jvm and plain lines", () -> of(receiver, "web").size() == 2 && of(receiver, "jvm").size() == 2
                        && of(receiver, "plain").size() == 4 && of(receiver, "other").size() == 1);
                await("the excluded lines counted",
                        () -> agent.metrics().get("clusterlog_agent_dropped_lines_total", "reason", "excluded") == 3);
                assertThat(of(receiver, "quiet")).isEmpty();
                // the allow-list: app and app.kubernetes.io/name (sanitized), not team
                assertThat(of(receiver, "web")).allSatisfy(e -> assertThat(e.labels())
                        .containsEntry("app", "web").containsEntry("app_kubernetes_io_name", "shop")
                        .containsEntry("namespace", "default").doesNotContainKey("team"));
                // one watch with the node's field selector: the other node's pod is not known
                assertThat(dispatcher.fieldSelectors).isNotEmpty().containsOnly("spec.nodeName=node-a");
                assertThat(of(receiver, "other").getFirst().labels()).doesNotContainKey("app");
                // the annotation chose the Java rule: the trace is one entry; the other pod has none
                assertThat(of(receiver, "jvm")).extracting(PushReceiver.Entry::line)
                        .containsExactly(String.join("\n", List.of(trace).subList(0, 3)), "after the trace");
                assertThat(of(receiver, "plain")).extracting(PushReceiver.Entry::line).containsExactly(plainTrace);

                assertThat(agent.metrics().render()).contains("clusterlog_agent_kubernetes_watching 1.0");
                // the API goes down: shipping goes on, known pods keep their labels, a new pod ships without
                client.close();
                server.destroy();
                append(root, "web", web, "web 3");
                append(root, "late", "uid-late", "late 1");
                await("lines after the outage", () -> of(receiver, "web").size() == 3 && of(receiver, "late").size() == 1);
                assertThat(of(receiver, "web").get(2).labels()).containsEntry("app", "web");
                assertThat(of(receiver, "late").getFirst().labels()).containsEntry("pod", "late").doesNotContainKey("app");
                assertThat(agent.metrics().get("clusterlog_agent_kubernetes_unlabelled_batches_total", null, null))
                        .isGreaterThanOrEqualTo(1);
                await("the lost watch shown", () -> agent.metrics().render().contains("clusterlog_agent_kubernetes_watching 0.0"));
                await("the lost watch counted",
                        () -> agent.metrics().get("clusterlog_agent_kubernetes_watch_errors_total", null, null) >= 1);
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void labelNamesAreSanitizedAndPrefixed() {
        assertThat(PodMetadataCache.labelName("app.kubernetes.io/name")).isEqualTo("app_kubernetes_io_name");
        assertThat(PodMetadataCache.labelName("9lives")).isEqualTo("_9lives");
        PodMetadataCache cache = new PodMetadataCache(List.of("app", "tier"), "pod_", System::nanoTime);
        cache.put("u", "ns", "p", Map.of("app", "a", "tier", "", "x", "y"),
                Map.of("clusterlog.dev/multiline", "^\\d{4}-", "clusterlog.dev/exclude", "false"));
        PodMetadataCache.Pod pod = cache.get("u");
        assertThat(pod.labels()).isEqualTo(Map.of("pod_app", "a"));
        assertThat(pod.excluded()).isFalse();
        assertThat(pod.multiline()).isNotNull();
        cache.put("v", "ns", "q", Map.of(), Map.of("clusterlog.dev/multiline", "(unclosed"));
        assertThat(cache.get("v").multilineName()).isNull();
    }
}
