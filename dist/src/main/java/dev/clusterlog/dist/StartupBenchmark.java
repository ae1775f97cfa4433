package dev.clusterlog.dist;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image's start-up, with its CDS archive and without ({@code -Xshare:off}), run as the
 * manifests run it ({@link ContainerProcess}: read-only root, the image's user): the wall time of
 * {@code clusterlog --version}, and of {@code clusterlog server} from exec to the first
 * {@code /ready} answered 200 (a fresh data folder each time), and the server JVM's CPU time until
 * then, which a loaded machine disturbs less than the wall time. Medians of N runs each.
 *
 * <pre>
 * dist/bench-startup [RUNS]      (root; builds the image first)
 * </pre>
 */
public final class StartupBenchmark {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:[0-9]+)");

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tarball = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String reason = ContainerProcess.unavailableReason();
        if (reason != null) {
            System.err.println("bench-startup: cannot run the image here: " + reason);
            System.exit(1);
        }
        Path work = Files.createTempDirectory("clusterlog-startup");
        try {
            UnpackedImage image = UnpackedImage.unpack(tarball, work.resolve("image"));
            System.out.printf("image %s: %d layers, %.1f MiB compressed%n", tarball, image.layers().size(),
                    image.layers().stream().mapToLong(Long::longValue).sum() / 1048576.0);
            System.out.println("| start-up (median of " + runs + ") | CDS archive (the image's default) | -Xshare:off |");
            System.out.println("| --- | --- | --- |");
            for (String what : List.of("--version", "server to /ready", "server CPU to /ready")) {
                long with = median(runs, () -> run(image, work, what, Map.of()));
                long without = median(runs, () -> run(image, work, what, Map.of("JDK_JAVA_OPTIONS", "-Xshare:off")));
                String label = switch (what) {
                    case "--version" -> "`clusterlog --version`, wall time";
                    case "server to /ready" -> "`clusterlog server` to `/ready`, wall time";
                    default -> "`clusterlog server` to `/ready`, CPU time of its JVM";
                };
                System.out.printf("| %s | %d ms | %d ms |%n", label, with, without);
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Run {
        long millis() throws Exception;
    }

    private static long median(int runs, Run run) throws Exception {
        run.millis(); // one warm-up: the page cache holds the image's files, as on a node that ran it before
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            times.add(run.millis());
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    private static long run(UnpackedImage image, Path work, String what, Map<String, String> env) throws Exception {
        Path data = Files.createTempDirectory(work, "data");
        UserPrincipal user = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65532");
        Files.setOwner(data, user);
        Path out = work.resolve("out");
        Path err = work.resolve("err");
        List<String> command = new ArrayList<>(image.entrypoint());
        if (what.equals("--version")) {
            command.add("--version");
        } else {
            command.addAll(List.of("server", "--listen", "127.0.0.1:0", "--data", ImageLayout.SERVER_DATA));
        }
        long start = System.nanoTime();
        try (ContainerProcess p = ContainerProcess.start(image, image.user(), command, env,
                List.of(new ContainerProcess.Volume(data, ImageLayout.SERVER_DATA, false)), out, err)) {
            if (what.equals("--version")) {
                if (p.waitFor(60) != 0) {
                    throw new IllegalStateException("clusterlog --version failed: " + p.stderrTail(5));
                }
                return (System.nanoTime() - start) / 1_000_000;
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            while (true) {
                Matcher m = LISTENING.matcher(Files.readString(err));
                if (m.find() && ready(http, m.group(1))) {
                    long wall = (System.nanoTime() - start) / 1_000_000;
                    return what.contains("CPU") ? p.cpuMillis() : wall;
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server exited: " + p.stderrTail(10));
                }
                Thread.sleep(5);
            }
        }
    }

    private static boolean ready(HttpClient http, String url) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException notYet) {
            return false;
        }
    }
}
