package dev.clusterlog.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as a cluster runs it, without a container engine: its layers unpacked into a root
 * folder, its entrypoint started there by {@link ContainerProcess} (unshare + chroot as root, the
 * root read-only, the image's user and environment), with the arguments of the manifests in
 * deploy/. The server answers {@code /ready} with its classes mapped from the CDS archive, and the
 * agent, configured by deploy/'s ConfigMap, ships a node's container log into it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:[0-9]+)");
    private static final Pattern CLASS_LOAD = Pattern.compile("\\[class,load\\] (\\S+) source: (.+)$");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private UnpackedImage image;
    private final List<ContainerProcess> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path repository = Path.of(System.getProperty("clusterlog.repository", "..")).toAbsolutePath();

    @BeforeAll
    void unpack() throws IOException {
        Path tarball = Path.of(System.getProperty("clusterlog.image.tar", "target/clusterlog-image.tar"));
        Path skipped = tarball.resolveSibling("image/SKIPPED");
        assumeTrue(Files.exists(tarball), () -> "the image was not built ("
                + (Files.exists(skipped) ? readQuietly(skipped).strip() : "no " + tarball) + "); ImageIT skipped");
        String reason = ContainerProcess.unavailableReason();
        assumeTrue(reason == null, () -> "cannot run the image here: " + reason + "; ImageIT skipped");
        image = UnpackedImage.unpack(tarball, work.resolve("image"));
    }

    @AfterAll
    void stopAll() throws InterruptedException {
        for (ContainerProcess p : running) {
            p.close();
        }
    }

    @Test
    void configurationIsNonRootWithTheCliAsEntrypoint() {
        assertThat(image.user()).isEqualTo("65532:65532");
        assertThat(image.entrypoint()).containsExactlyElementsOf(ImageLayout.entrypoint());
        assertThat(image.cmd()).containsExactly("--help");
        assertThat(image.env()).containsEntry("PATH", ImageLayout.PATH).containsEntry("LANG", "C.UTF-8");
        assertThat(image.layers()).hasSize(4);
        assertThat(ImageLayout.onHost(image.root(), ImageLayout.ARCHIVE)).isRegularFile();
        assertThat(ImageLayout.onHost(image.root(), "/var/lib/dpkg/status.d/libc6_amd64")).content()
                .contains("Package: libc6");
    }

    @Test
    void serverAndAgentRunAsTheManifestsSayOnAReadOnlyRoot() throws Exception {
        // the server: the StatefulSet's args, on a loopback port; -Xshare:on fails the start if the archive cannot map
        List<String> serverArgs = replaceListen(container(StatefulSet.class, "base/server/statefulset.yaml").getArgs());
        Path data = Files.createDirectories(work.resolve("server-data"));
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65532"));
        Path serverOut = work.resolve("server.out");
        Path serverErr = work.resolve("server.err");
        running.add(ContainerProcess.start(image, image.user(), concat(image.entrypoint(), serverArgs),
                Map.of("JDK_JAVA_OPTIONS", "-Xshare:on -Xlog:class+load=info:stdout"),
                List.of(new ContainerProcess.Volume(data, ImageLayout.SERVER_DATA, false)), serverOut, serverErr));
        String url = await(() -> match(LISTENING, serverErr), "the server's 'listening on' line in " + serverErr);
        await(() -> get(url + "/ready").equals("ready") ? "ready" : null, url + "/ready answering ready");

        // -Xlog:class+load lines: "[0.100s][info][class,load] dev.clusterlog.cli.Main source: shared objects file"
        Map<String, String> sources = new HashMap<>();
        for (String line : Files.readAllLines(serverOut)) {
            Matcher m = CLASS_LOAD.matcher(line);
            if (m.find()) {
                sources.put(m.group(1), m.group(2));
            }
        }
        for (String c : List.of(ImageLayout.MAIN_CLASS, "dev.clusterlog.server.ClusterlogServer", "io.javalin.Javalin",
                "dev.clusterlog.store.LogStore", "org.eclipse.jetty.server.Server")) {
            assertThat(sources.get(c)).as("where the image's server loaded %s from", c).isEqualTo("shared objects file");
        }
        long fromArchive = sources.values().stream().filter(v -> v.equals("shared objects file")).count();
        assertThat(fromArchive).as("classes from the CDS archive, of %d loaded", sources.size())
                .isGreaterThan(sources.size() * 3 / 4);

        // the agent: the DaemonSet's args and NODE_NAME, deploy/'s ConfigMap but without the API server
        Container agent = container(DaemonSet.class, "base/agent/daemonset.yaml");
        Path config = Files.createDirectories(work.resolve("agent-config"));
        Files.writeString(config.resolve("agent.yaml"), Files.readString(deploy("base/agent/agent.yaml"))
                .replace("enabled: true", "enabled: false").replace("0.0.0.0:9105", "127.0.0.1:0"));
        Path node = Files.createDirectories(work.resolve("node/pods/default_web_5f2c/app"));
        Files.writeString(node.resolve("0.log"), Instant.now() + " stdout F hello from the node\n");
        Path state = Files.createDirectories(work.resolve("agent-state"));
        List<String> agentArgs = agent.getArgs().stream().map(a -> a.replace("$(CLUSTERLOG_SERVER)", url)).toList();
        running.add(ContainerProcess.start(image, "0:0", concat(image.entrypoint(), agentArgs),
                Map.of("NODE_NAME", env(agent, "NODE_NAME", "node-1")),
                List.of(new ContainerProcess.Volume(work.resolve("node/pods"), "/var/log/pods", true),
                        new ContainerProcess.Volume(state, ImageLayout.AGENT_STATE, false),
                        new ContainerProcess.Volume(config, "/etc/clusterlog", true)),
                work.resolve("agent.out"), work.resolve("agent.err")));
        String query = url + "/loki/api/v1/query_range?query="
                + URLEncoder.encode("{namespace=\"default\", pod=\"web\", container=\"app\"}", StandardCharsets.UTF_8);
        String answer = await(() -> get(query).contains("hello from the node") ? get(query) : null,
                "the agent's line in the server (agent output: " + work.resolve("agent.err") + ")");
        assertThat(answer).contains("\"node\":\"node-1\"");
    }

    private List<String> replaceListen(List<String> args) {
        List<String> out = new ArrayList<>(args);
        int i = out.indexOf("--listen");
        assertThat(i).as("--listen in the StatefulSet's args %s", args).isNotNegative();
        out.set(i + 1, "127.0.0.1:0");
        return out;
    }

    private Container container(Class<? extends HasMetadata> kind, String file) throws IOException {
        try (InputStream in = Files.newInputStream(deploy(file))) {
            Object o = Serialization.unmarshal(in, kind);
            var spec = o instanceof DaemonSet d ? d.getSpec().getTemplate().getSpec()
                    : ((StatefulSet) o).getSpec().getTemplate().getSpec();
            return spec.getContainers().getFirst();
        }
    }

    /** A fieldRef value the way the kubelet fills it in, here with a node name of the test's. */
    private static String env(Container c, String name, String value) {
        EnvVar v = c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
        assertThat(v.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        return value;
    }

    private Path deploy(String file) {
        return repository.resolve("deploy").resolve(file);
    }

    private String get(String url) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (java.net.ConnectException notYet) {
            return "";
        }
    }

    private static String match(Pattern p, Path file) throws IOException {
        Matcher m = p.matcher(Files.exists(file) ? Files.readString(file) : "");
        return m.find() ? m.group(1) : null;
    }

    private interface Probe {
        String value() throws Exception;
    }

    /** Polls {@code probe} until it gives a value; fails naming {@code what} after {@link #TIMEOUT}. */
    private String await(Probe probe, String what) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String v = probe.value();
            if (v != null) {
                return v;
            }
            for (ContainerProcess p : running) {
                assertThat(p.isAlive()).as("a container exited while awaiting %s; its stderr ends:%n%s", what,
                        p.isAlive() ? "" : p.stderrTail(20)).isTrue();
            }
            Thread.sleep(20); // polling a condition that only an HTTP answer or a file shows
        }
        throw new AssertionError("timed out after " + TIMEOUT + " awaiting " + what);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
