package dev.clusterlog.bench.peers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusVerifier;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.io.FileTrees;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clusterlog store behind its server, over HTTP: a {@link ClusterlogServerMain} JVM ({@code -Xmx1g},
 * default collector) fed the corpus's logical lines the way {@link OpenSearchBaseline} feeds OpenSearch:
 * read like {@link ClusterlogStoreBench} (every file, {@code .gz} included, {@code P} pieces joined),
 * sent as Loki push requests ({@code POST /loki/api/v1/push}, uncompressed JSON, one stream
 * {@code {namespace, pod, container}} of up to {@value #BATCH} lines a request, one connection, tenant
 * {@value ClusterlogStoreBench#TENANT}), then a flush of the store (head blocks sealed, index
 * committed), all in the ingest time. Ingest CPU is the server process's {@code /proc} CPU from the
 * first push to the end of the flush (its start-up is not counted; the harness's reading and JSON
 * encoding are not either); peak RSS its {@code VmHWM}. The count is the entries the store appended,
 * which must equal the lines sent; every push must be answered 204. Lines that are not valid UTF-8
 * are sent with replacement characters (JSON carries text), as to OpenSearch.
 *
 * <p>Queries go through the server's Loki API, as a Grafana or {@code logcli} user's would (the median
 * of {@value #RUNS} runs, answers parsed): {@code /loki/api/v1/query_range} with
 * {@code {namespace=~".+"} |= "<rare token>"} and {@code |= "<substring>"} over the corpus's time
 * range, the rare token's container's three labels with {@code limit=100} backward, and
 * {@code /loki/api/v1/query} with the same {@code sum by (pod) (count_over_time(...))} as the
 * in-process benchmark. The server's query limits are raised so that a 10 GiB corpus can be
 * scanned and all its substring matches returned; everything else is the default.
 */
public final class ClusterlogServerHttpBench implements StoreUnderTest {
    static final int BATCH = 5000;
    private static final int RUNS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private BufferedReader out;
    private OutputStream in;
    private String base;
    private double startSeconds;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos = Long.MIN_VALUE;
    private final ObjectMapper json = new ObjectMapper();

    /** Seconds from the server's process start to its port line. */
    public double startSeconds() {
        return startSeconds;
    }

    @Override
    public String name() {
        return "clusterlog server over HTTP";
    }

    @Override
    public String unavailableReason() {
        return ProcessHandle.current().info().command().isEmpty() ? "cannot find this JVM's java command" : null;
    }

    @Override
    public StoreUnderTest.IngestResult ingest(Path corpus, CorpusManifest manifest, Path work) throws IOException {
        FileTrees.deleteRecursively(work);
        Files.createDirectories(work);
        start(work);
        long pid = process.pid();
        ProcessUsage before = ProcessUsage.of(pid);
        long wall0 = System.nanoTime();
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 22);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        LogRecord record = new LogRecord();
        long lines = 0;
        for (CorpusManifest.Container c : manifest.containers()) {
            byte[] head = ("{\"streams\":[{\"stream\":{\"namespace\":\"" + new String(enc.quoteAsString(c.namespace()))
                    + "\",\"pod\":\"" + new String(enc.quoteAsString(c.pod())) + "\",\"container\":\""
                    + new String(enc.quoteAsString(c.container())) + "\"},\"values\":[")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = "]}]}".getBytes(StandardCharsets.US_ASCII);
            List<Path> files = c.files().stream().map(f -> corpus.resolve(f.path()))
                    .sorted(Comparator.comparing(CorpusVerifier::age)).toList();
            long firstNanos = -1;
            int inBatch = 0;
            for (Path file : files) {
                try (ContainerLogFileReader r = ContainerLogFileReader.open(file, (m, e) -> { })) {
                    while (r.next(record)) {
                        if (firstNanos < 0) {
                            firstNanos = record.epochNanos;
                            minNanos = Math.min(minNanos, firstNanos);
                            maxNanos = Math.max(maxNanos, firstNanos);
                        }
                        joined.write(record.buf, record.contentOffset, record.contentLength);
                        if (record.partial) {
                            continue;
                        }
                        body.write(inBatch == 0 ? head : new byte[] {','});
                        body.write(("[\"" + firstNanos + "\",\"").getBytes(StandardCharsets.US_ASCII));
                        body.write(enc.quoteAsUTF8(joined.toString(StandardCharsets.UTF_8)));
                        body.write('"');
                        body.write(']');
                        joined.reset();
                        firstNanos = -1;
                        lines++;
                        if (++inBatch == BATCH || body.size() > (16 << 20)) {
                            body.write(tail);
                            push(body);
                            inBatch = 0;
                        }
                    }
                }
            }
            if (inBatch > 0) {
                body.write(tail);
                push(body);
            }
        }
        String[] flushed = command("flush").split(" ");
        double wall = (System.nanoTime() - wall0) / 1e9;
        ProcessUsage after = ProcessUsage.of(pid);
        if (flushed.length != 5 || !flushed[0].equals("flushed")) {
            throw new IOException("the server answered " + String.join(" ", flushed) + " to flush");
        }
        long stored = Long.parseLong(flushed[1]);
        if (stored != lines) {
            throw new IOException("the server's store appended " + stored + " entries after " + lines + " lines were pushed");
        }
        long bytes = Long.parseLong(flushed[2]) + Long.parseLong(flushed[3]);
        return new StoreUnderTest.IngestResult(wall, after.cpuSeconds() - before.cpuSeconds(), after.peakRssBytes(),
                stored, bytes);
    }

    @Override
    public QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException {
        CorpusManifest.Container rare = manifest.containers().stream()
                .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
        String range = "&start=" + minNanos + "&end=" + (maxNanos + 1);
        String path = switch (kind) {
            case RARE_TOKEN -> "/loki/api/v1/query_range?direction=backward&limit=1000" + range + "&query="
                    + encode("{namespace=~\".+\"} |= \"" + manifest.rareToken() + "\"");
            case SUBSTRING -> "/loki/api/v1/query_range?direction=backward&limit=" + ClusterlogServerMain.MAX_ENTRIES
                    + range + "&query=" + encode("{namespace=~\".+\"} |= \"" + ZstdGrepBaseline.SUBSTRING + "\"");
            case TAIL_100 -> "/loki/api/v1/query_range?direction=backward&limit=100" + range + "&query="
                    + encode("{namespace=\"" + rare.namespace() + "\",pod=\"" + rare.pod() + "\",container=\""
                    + rare.container() + "\"}");
            case COUNT_BY_POD -> "/loki/api/v1/query?time=" + (maxNanos + 1) + "&query="
                    + encode("sum by (pod) (count_over_time({namespace=\"" + rare.namespace() + "\"} |= \"error\" ["
                    + ((maxNanos - minNanos) / 1_000_000_000L + 2) + "s]))");
        };
        return QueryResult.median(RUNS, () -> {
            JsonNode data = json.readTree(get(path)).path("data");
            long n = 0;
            for (JsonNode r : data.path("result")) {
                n += data.path("resultType").asText().equals("streams") ? r.path("values").size() : 1;
            }
            return n;
        });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("X-Scope-OrgID", ClusterlogStoreBench.TENANT).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying", e);
        }
    }

    private void start(Path work) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", ClusterlogAgent.absoluteClassPath(), ClusterlogServerMain.class.getName(),
                "--data", work.resolve("data").toString()));
        long t0 = System.nanoTime();
        process = new ProcessBuilder(cmd).redirectError(work.resolve("server.log").toFile()).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = process.getOutputStream();
        // the port line, or end of output when the server fails to start; bounded by a watchdog
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(START_TIMEOUT);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                // started in time
            }
        });
        String line = out.readLine();
        watchdog.interrupt();
        if (line == null || !line.startsWith("port ")) {
            throw new IOException("the clusterlog server did not start (" + line + "); see " + work.resolve("server.log"));
        }
        base = "http://127.0.0.1:" + line.substring(5).trim();
        startSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private String command(String c) throws IOException {
        in.write((c + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("the clusterlog server exited during " + c);
        }
        return answer;
    }

    private void push(ByteArrayOutputStream body) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/loki/api/v1/push")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("X-Scope-OrgID", ClusterlogStoreBench.TENANT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        body.reset();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IOException("push answered " + r.statusCode() + ": " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pushing", e);
        }
    }

    public void close() {
        if (process != null) {
            try {
                in.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
