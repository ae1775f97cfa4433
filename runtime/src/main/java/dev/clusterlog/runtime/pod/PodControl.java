package dev.clusterlog.runtime.pod;

import dev.clusterlog.core.io.AtomicFileWriter;
import dev.clusterlog.runtime.state.PodState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The request channel from {@code pod kill} and {@code pod delete} (other processes) to the
 * {@code pod run} process that owns a pod: one small file per request in
 * {@code <node-root>/run/commands/<ns>_<pod>_<uid>/}.
 *
 * <p>File grammar: name {@code <epoch-nanos>-<random>.cmd} (so names sort in sending order),
 * content one line {@code kill <container>} or {@code delete}. A request is written through
 * {@link AtomicFileWriter} ({@code NAME.tmp}, fsync, rename, folder fsync), so the runner never
 * reads half a request; the runner deletes each file once it has acted on it. Stateless and
 * thread-safe.
 */
public final class PodControl {
    public static final String KILL = "kill";
    public static final String DELETE = "delete";
    private static final String SUFFIX = ".cmd";

    private final NodeLayout layout;

    public PodControl(Path nodeRoot) {
        this.layout = new NodeLayout(nodeRoot);
    }

    /** Asks the pod's runner to SIGKILL the container's running instance (restart per policy). */
    public void requestKill(PodState pod, String container) throws IOException {
        send(pod, KILL + " " + container);
    }

    /** Asks the pod's runner to stop the pod and remove its files, as an eviction does. */
    public void requestDelete(PodState pod) throws IOException {
        send(pod, DELETE);
    }

    private void send(PodState pod, String request) throws IOException {
        Path dir = layout.commandsDirectory(pod.logDirectoryName());
        String name = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L + "-"
                + UUID.randomUUID().toString().substring(0, 8) + SUFFIX;
        byte[] content = (request + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFileWriter.write(dir.resolve(name), content, 0, content.length);
    }

    /** Takes the pending requests (oldest first), deleting their files. */
    static List<String> takeRequests(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9]*" + SUFFIX)) {
            ds.forEach(files::add);
        }
        files.sort(null);
        List<String> requests = new ArrayList<>();
        for (Path f : files) {
            requests.add(Files.readString(f, StandardCharsets.UTF_8).strip());
            Files.deleteIfExists(f);
        }
        return requests;
    }
}
