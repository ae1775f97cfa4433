import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.Version;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * A one-node OpenSearch for the benchmark (OpenSearchBaseline), started by the harness in its
 * own JVM as a single-file source program:
 * {@code java -cp bench/target/opensearch-lib/* bench/opensearch/OpenSearchNodeMain.java HOME HTTP_PORT}.
 * Not compiled with the bench module: nothing of OpenSearch is on its class path. Settings: the
 * home and data under HOME, HTTP on 127.0.0.1:HTTP_PORT (transport on an ephemeral port),
 * single-node discovery, no disk watermarks; the Netty4 transport as a class-path plugin (Node's
 * constructor taking those is protected, hence the subclass). Runs until killed; SIGTERM closes
 * the node.
 */
public final class OpenSearchNodeMain {
    private static final class BenchNode extends Node {
        BenchNode(Environment environment) {
            super(environment, List.of(new PluginInfo("transport-netty4", "the Netty4 transport", "bench",
                    Version.CURRENT, "21", Netty4ModulePlugin.class.getName(), List.of(), false)), true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: OpenSearchNodeMain HOME HTTP_PORT");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "clusterlog-bench")
                .put("node.name", "bench")
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", "0")
                .put("discovery.type", "single-node")
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(),
                home.resolve("config"), () -> "bench");
        Node node = new BenchNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("opensearch node: closing: " + e);
            }
            closed.countDown();
        }));
        node.start();
        System.err.println("opensearch node: started on 127.0.0.1:" + args[1]);
        closed.await();
    }
}
