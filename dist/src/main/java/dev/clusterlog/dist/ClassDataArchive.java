package dev.clusterlog.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The image's class-data-sharing archive: a static AppCDS archive of the JDK's and the
 * distribution's classes, as a training run loaded them. The JVM maps it at start instead of
 * reading, parsing and verifying those classes from the jars (BENCHMARKS.md has the start-up
 * with and without it).
 *
 * <p>The training run is {@code clusterlog up} (server, store, node agent and node runtime in one
 * JVM) on the staged tree, with the image's JVM arguments, driven through what a cluster does
 * with it: a container's CRI file tailed and shipped by the agent, a Loki push, LogQL log and
 * metric queries, the pod-log endpoint, labels, series and metrics. The archive is dumped with
 * the staged paths; the JVM (JDK 21+) accepts it where the runtime and the class path sit under
 * another common folder ({@code /} in the image), as long as the jars are the same files (size
 * and modification time: the image's layers keep the staged files' times).
 *
 * <p>A static archive rather than a dynamic one on top of the JDK's default archive: one file,
 * no base archive to ship (jlink's is 28 MiB for the two heap modes), archived heap objects
 * included, and the same on JDK 21 and 25.
 */
final class ClassDataArchive {
    private static final Pattern UP = Pattern.compile("clusterlog is up: (http://[0-9.]+:[0-9]+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path java;
    private final List<String> javaArguments;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param java the staged runtime's {@code java}
     * @param javaArguments the image's JVM arguments with staged paths ({@link ImageLayout#javaArguments})
     * @param work a scratch folder for the training data and logs
     */
    ClassDataArchive(Path java, List<String> javaArguments, Path work) {
        this.java = java;
        this.javaArguments = javaArguments;
        this.work = work;
    }

    /** Trains and dumps the archive to {@code archive}; returns the number of classes in it. */
    int create(Path archive) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path classList = work.resolve("classes.lst");
        train(classList);
        List<String> dump = new ArrayList<>(List.of(java.toString(), "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive));
        dump.addAll(withoutArchive());
        Path log = work.resolve("dump.log");
        Process p = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(archive)) {
            p.destroyForcibly();
            throw new IllegalStateException("java -Xshare:dump failed; its output is in " + log);
        }
        return (int) Files.readAllLines(classList).stream().filter(l -> !l.startsWith("#") && !l.startsWith("@")).count();
    }

    private List<String> withoutArchive() {
        return javaArguments.stream().filter(a -> !a.startsWith("-XX:SharedArchiveFile=")).toList();
    }

    private void train(Path classList) throws IOException, InterruptedException {
        Path data = work.resolve("train");
        Path log = work.resolve("training.log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:DumpLoadedClassList=" + classList));
        command.addAll(withoutArchive());
        command.addAll(List.of(ImageLayout.MAIN_CLASS, "up", "--data", data.toString(), "--listen", "127.0.0.1:0"));
        Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String url = awaitUrl(up, log);
            exercise(url, data.resolve("node"));
        } finally {
            up.destroy(); // SIGTERM: the shutdown hooks run and the class list is complete at exit
            if (!up.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                up.destroyForcibly();
                throw new IllegalStateException("the training run did not stop on SIGTERM; its output is in " + log);
            }
        }
    }

    private static String awaitUrl(Process up, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = UP.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            if (!up.isAlive()) {
                throw new IllegalStateException("the training run (clusterlog up) exited with " + up.exitValue()
                        + "; its output is in " + log);
            }
            up.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("the training run did not start within " + TIMEOUT + "; its output is in " + log);
    }

    /** What a cluster does with clusterlog, once each, until the agent's line is queryable. */
    private void exercise(String url, Path nodeRoot) throws IOException, InterruptedException {
        Path container = nodeRoot.resolve("pods/train_trainer_0f1e2d3c/app");
        Files.createDirectories(container);
        Instant now = Instant.now();
        StringBuilder cri = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            cri.append(now.plusMillis(i)).append(i % 5 == 0 ? " stderr" : " stdout")
                    .append(i % 7 == 3 ? " P " : " F ")
                    .append("{\"level\":\"info\",\"msg\":\"training line ").append(i).append("\"}\n");
        }
        Files.writeString(container.resolve("0.log"), cri.toString());
        long ns = now.toEpochMilli() * 1_000_000L;
        String push = "{\"streams\":[{\"stream\":{\"namespace\":\"train\",\"pod\":\"pusher\",\"container\":\"app\"},"
                + "\"values\":[[\"" + ns + "\",\"level=warn msg=pushed\"],[\"" + (ns + 1) + "\",\"pushed again\"]]}]}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(push.getBytes(StandardCharsets.UTF_8));
        }
        send(HttpRequest.newBuilder(URI.create(url + "/loki/api/v1/push")).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())));
        String shipped = "{namespace=\"train\", pod=\"trainer\"} |= \"training line\" | json | level=\"info\"";
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!get(url, "/loki/api/v1/query_range?limit=100&query=" + encode(shipped)).contains("training line 19")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("training: the agent's lines did not reach the server within " + TIMEOUT);
            }
            Thread.sleep(100); // the agent ships within its batch_wait (1 s); nothing to await but the query itself
        }
        get(url, "/loki/api/v1/query_range?step=10s&query="
                + encode("sum by (pod) (count_over_time({namespace=\"train\"} |~ \"line|push\" [5m]))"));
        get(url, "/loki/api/v1/query?query=" + encode("rate({namespace=\"train\"} | logfmt [1m])"));
        get(url, "/api/v1/namespaces/train/pods/trainer/log?container=app&tailLines=5&timestamps=true");
        get(url, "/loki/api/v1/labels");
        get(url, "/loki/api/v1/label/pod/values");
        get(url, "/loki/api/v1/series?match[]=" + encode("{namespace=\"train\"}"));
        get(url, "/metrics");
        get(url, "/ready");
    }

    private String get(String url, String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET());
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("training: " + r.request().uri() + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return r.body();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
