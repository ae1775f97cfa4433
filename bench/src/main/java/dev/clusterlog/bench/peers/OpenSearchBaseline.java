package dev.clusterlog.bench.peers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusVerifier;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.io.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An OpenSearch node (3.9.0 from Maven Central's jars) in its own JVM, fed over HTTP: the peer
 * DESIGN.md's ingest and query goals name. {@code bench/run} copies its class path into
 * {@code bench/target/opensearch-lib} (from {@code bench/opensearch/pom.xml}, not a module of the
 * build, so none of it is on this module's class path) and the node is
 * {@code bench/opensearch/OpenSearchNodeMain.java}, run as a single-file source program with
 * {@code -Xmx512m}.
 *
 * <p>Three indices, loaded one after the other: {@value #INDEX}, {@value #WILDCARD_INDEX} and
 * {@value #BEST_COMPRESSION_INDEX} ({@value #INDEX} with {@code index.codec: best_compression},
 * DEFLATE for the stored fields instead of LZ4: the size an operator who cares about disk gets, and
 * its ingest cost). Each: one
 * shard, no replicas, {@code refresh_interval -1} while loading;
 * one document per logical line (read like {@link LuceneBaseline}: every file, {@code P} pieces
 * joined) with {@code namespace}, {@code pod}, {@code container} as {@code keyword}, {@code time}
 * as {@code date_nanos} (the first piece's time), {@code line} as {@code text} (standard analyzer);
 * {@value #WILDCARD_INDEX} adds a {@code line.wc} sub-field of type {@code wildcard} (n-grams, no
 * doc values: OpenSearch's own way to find a substring that is not a whole token), the price of
 * the substring query, so its ingest and size are shown apart. Sent with {@code _bulk}
 * (NDJSON, {@value #BATCH} documents per request, one connection), then refresh, force-merge to one
 * segment and flush, all in the ingest time. Ingest CPU is the node's {@code /proc} CPU from the
 * first bulk request to the end of the flush (start-up excluded); peak RSS its {@code VmHWM}; size
 * the index's {@code store.size} from {@code _cat/indices}.
 *
 * <p>Queries (request cache off, the median of {@value #RUNS} runs): the rare token as
 * {@code match_phrase} on {@code line}, hits checked on the returned line; the substring as a
 * {@code wildcard} query {@code *xception in thr*} on {@code line.wc} of {@value #WILDCARD_INDEX}
 * (exact: each candidate is checked against the line); the other queries on {@value #INDEX}; the last 100 lines of a container as three
 * {@code term} filters sorted by {@code time} descending; count by pod as a {@code term} filter on
 * the namespace and a {@code match} of {@code error} on {@code line} (the whole token, any case)
 * with a {@code terms} aggregation on {@code pod}: the number of buckets.
 */
public final class OpenSearchBaseline implements StoreUnderTest {
    static final String INDEX = "logs";
    static final String WILDCARD_INDEX = "logs-wildcard";
    static final String BEST_COMPRESSION_INDEX = "logs-best-compression";
    private static final int BATCH = 5000;
    private static final int RUNS = 3;

    private final Path lib;
    private final Path nodeMain;
    private final ObjectMapper json = new ObjectMapper();
    private OpenSearchNode node;
    private IngestResult wildcardIngest;
    private IngestResult bestCompressionIngest;

    /**
     * @param lib the node's class path folder ({@code bench/target/opensearch-lib})
     * @param nodeMain the node's source program ({@code bench/opensearch/OpenSearchNodeMain.java})
     */
    public OpenSearchBaseline(Path lib, Path nodeMain) {
        this.lib = lib.toAbsolutePath();
        this.nodeMain = nodeMain.toAbsolutePath();
    }

    @Override
    public String name() {
        return "OpenSearch";
    }

    @Override
    public String unavailableReason() {
        if (!Files.isRegularFile(nodeMain)) {
            return nodeMain + " not found";
        }
        try (Stream<Path> jars = Files.list(lib)) {
            if (jars.noneMatch(p -> p.getFileName().toString().startsWith("opensearch-3"))) {
                return "no opensearch jar in " + lib + " (bench/run copies them there)";
            }
        } catch (IOException e) {
            return lib + " not readable (bench/run copies the OpenSearch jars there): " + e.getMessage();
        }
        return null;
    }

    /** Seconds from the node's process start to its first HTTP answer, and its CPU by then. */
    public String startup() {
        return node.startup();
    }

    /**
     * Loads {@value #INDEX} (the figures returned), then {@value #WILDCARD_INDEX} (the same with
     * the {@code line.wc} sub-field: {@link #wildcardIngest()}) and {@value #BEST_COMPRESSION_INDEX}
     * ({@link #bestCompressionIngest()}), one after the other in the same node.
     */
    @Override
    public IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException {
        FileTrees.deleteRecursively(workDirectory);
        Files.createDirectories(workDirectory);
        node = OpenSearchNode.start(lib, nodeMain, workDirectory);
        IngestResult plain = load(INDEX, "", "", corpus, manifest);
        wildcardIngest = load(WILDCARD_INDEX, "", ", \"fields\": {\"wc\": {\"type\": \"wildcard\", \"doc_values\": false}}",
                corpus, manifest);
        bestCompressionIngest = load(BEST_COMPRESSION_INDEX, ", \"codec\": \"best_compression\"", "", corpus, manifest);
        return plain;
    }

    /** The load of {@value #WILDCARD_INDEX}, with the {@code line.wc} wildcard sub-field; null before {@link #ingest}. */
    public IngestResult wildcardIngest() {
        return wildcardIngest;
    }

    /** The load of {@value #BEST_COMPRESSION_INDEX}; null before {@link #ingest}. */
    public IngestResult bestCompressionIngest() {
        return bestCompressionIngest;
    }

    private IngestResult load(String index, String settings, String lineSubFields, Path corpus, CorpusManifest manifest)
            throws IOException {
        node.request("PUT", "/" + index, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"%s},
                 "mappings": {"properties": {
                   "namespace": {"type": "keyword"}, "pod": {"type": "keyword"}, "container": {"type": "keyword"},
                   "time": {"type": "date_nanos"},
                   "line": {"type": "text"%s}}}}""".formatted(settings, lineSubFields));
        long pid = node.pid();
        ProcessUsage before = ProcessUsage.of(pid);
        long wall0 = System.nanoTime();
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 22);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        LogRecord record = new LogRecord();
        byte[] action = "{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8);
        long lines = 0;
        int inBatch = 0;
        for (CorpusManifest.Container c : manifest.containers()) {
            byte[] labels = ("{\"namespace\":\"" + new String(enc.quoteAsString(c.namespace())) + "\",\"pod\":\""
                    + new String(enc.quoteAsString(c.pod())) + "\",\"container\":\""
                    + new String(enc.quoteAsString(c.container())) + "\",\"time\":\"").getBytes(StandardCharsets.UTF_8);
            List<Path> files = c.files().stream().map(f -> corpus.resolve(f.path()))
                    .sorted(Comparator.comparing(CorpusVerifier::age)).toList();
            long firstNanos = -1;
            for (Path file : files) {
                try (ContainerLogFileReader r = ContainerLogFileReader.open(file, (m, e) -> { })) {
                    while (r.next(record)) {
                        if (firstNanos < 0) {
                            firstNanos = record.epochNanos;
                        }
                        joined.write(record.buf, record.contentOffset, record.contentLength);
                        if (record.partial) {
                            continue;
                        }
                        body.write(action);
                        body.write(labels);
                        body.write(Instant.ofEpochSecond(0, firstNanos).toString().getBytes(StandardCharsets.US_ASCII));
                        body.write("\",\"line\":\"".getBytes(StandardCharsets.US_ASCII));
                        body.write(enc.quoteAsUTF8(joined.toString(StandardCharsets.UTF_8)));
                        body.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
                        joined.reset();
                        firstNanos = -1;
                        lines++;
                        if (++inBatch == BATCH || body.size() > (16 << 20)) {
                            node.bulk(index, body);
                            inBatch = 0;
                        }
                    }
                }
            }
        }
        if (inBatch > 0) {
            node.bulk(index, body);
        }
        node.request("POST", "/" + index + "/_refresh", null);
        node.request("POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
        node.request("POST", "/" + index + "/_flush", null);
        double wall = (System.nanoTime() - wall0) / 1e9;
        ProcessUsage after = ProcessUsage.of(pid);
        long count = json.readTree(node.request("GET", "/" + index + "/_count", null)).path("count").asLong(-1);
        if (count != lines) {
            throw new IOException("OpenSearch index " + index + " holds " + count + " documents after sending " + lines
                    + " lines");
        }
        JsonNode cat = json.readTree(node.request("GET", "/_cat/indices/" + index + "?bytes=b&format=json&h=store.size", null));
        long bytes = Long.parseLong(cat.path(0).path("store.size").asText("-1"));
        return new IngestResult(wall, after.cpuSeconds() - before.cpuSeconds(), after.peakRssBytes(), count, bytes);
    }

    @Override
    public QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException {
        return QueryResult.median(RUNS, () -> run(kind, manifest));
    }

    private long run(QueryKind kind, CorpusManifest manifest) throws IOException {
        CorpusManifest.Container rare = manifest.containers().stream()
                .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
        String search = "/" + INDEX + "/_search?request_cache=false";
        switch (kind) {
            case RARE_TOKEN -> {
                JsonNode hits = hits(search, "{\"size\": 1000, \"_source\": [\"line\"], \"query\": {\"match_phrase\":"
                        + " {\"line\": " + quote(manifest.rareToken()) + "}}}");
                long n = 0;
                for (JsonNode h : hits) {
                    if (h.path("_source").path("line").asText().contains(manifest.rareToken())) {
                        n++;
                    }
                }
                return n;
            }
            case SUBSTRING -> {
                JsonNode tree = json.readTree(node.request("POST", "/" + WILDCARD_INDEX + "/_search?request_cache=false",
                        "{\"size\": 10000, \"_source\": [\"line\"],"
                        + " \"track_total_hits\": true, \"query\": {\"wildcard\": {\"line.wc\": {\"value\": "
                        + quote("*" + ZstdGrepBaseline.SUBSTRING + "*") + "}}}}"));
                return tree.path("hits").path("total").path("value").asLong(-1);
            }
            case TAIL_100 -> {
                JsonNode hits = hits(search, "{\"size\": 100, \"_source\": [\"line\"], \"sort\": [{\"time\": \"desc\"}],"
                        + " \"query\": {\"bool\": {\"filter\": [{\"term\": {\"namespace\": " + quote(rare.namespace())
                        + "}}, {\"term\": {\"pod\": " + quote(rare.pod()) + "}}, {\"term\": {\"container\": "
                        + quote(rare.container()) + "}}]}}}");
                return hits.size();
            }
            case COUNT_BY_POD -> {
                JsonNode tree = json.readTree(node.request("POST", search, "{\"size\": 0, \"query\": {\"bool\": {\"filter\": ["
                        + "{\"term\": {\"namespace\": " + quote(rare.namespace()) + "}}, {\"match\": {\"line\": \"error\"}}]}},"
                        + " \"aggs\": {\"by_pod\": {\"terms\": {\"field\": \"pod\", \"size\": 10000}}}}"));
                return tree.path("aggregations").path("by_pod").path("buckets").size();
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private JsonNode hits(String path, String body) throws IOException {
        return json.readTree(node.request("POST", path, body)).path("hits").path("hits");
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node (SIGTERM: its shutdown hook closes it), forcibly after 30 s. */
    public void close() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
