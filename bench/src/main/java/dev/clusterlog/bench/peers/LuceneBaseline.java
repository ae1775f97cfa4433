package dev.clusterlog.bench.peers;

import com.sun.management.OperatingSystemMXBean;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusVerifier;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.io.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * The plain Lucene baseline (lucene-core, as the store module uses): one document per logical
 * line with {@code StringField} labels {@code namespace}, {@code pod}, {@code container}, the line
 * as a {@code TextField} (StandardAnalyzer) and a stored field, the time as a {@code LongPoint}
 * plus doc values for sorting; one {@link IndexWriter} (default RAM buffer), committed and
 * force-merged to one segment at the end (in the ingest time). Queries, median of {@value #RUNS}:
 * the rare token as a phrase of its analyzed tokens, checked against the stored line; the
 * substring by a scan of every stored line (no term covers part of a token); the last 100 lines
 * of a container by label terms sorted by time descending; count by pod as the term
 * {@code error} in the namespace, each hit checked case-sensitively on the stored line (what
 * LogQL's {@code |= "error"} means) and counted by its stored pod.
 */
public final class LuceneBaseline implements StoreUnderTest {
    private static final int RUNS = 3;

    private final Analyzer analyzer = new StandardAnalyzer();
    private FSDirectory directory;
    private DirectoryReader reader;
    private IndexSearcher searcher;

    @Override
    public String name() {
        return "plain Lucene";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException {
        FileTrees.deleteRecursively(workDirectory);
        Files.createDirectories(workDirectory);
        Path indexDir = workDirectory.resolve("index");
        var threads = ManagementFactory.getThreadMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long readCpu = 0;
        long lines = 0;
        directory = FSDirectory.open(indexDir);
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        LogRecord record = new LogRecord();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            // one reused document, fields reset per line (Lucene's usual bulk-indexing pattern)
            StringField ns = new StringField("namespace", "", Field.Store.NO);
            StringField pod = new StringField("pod", "", Field.Store.YES);
            StringField container = new StringField("container", "", Field.Store.NO);
            TextField text = new TextField("line", "", Field.Store.NO);
            StoredField stored = new StoredField("raw", "");
            LongPoint time = new LongPoint("time", 0);
            NumericDocValuesField timeDv = new NumericDocValuesField("time", 0);
            Document doc = new Document();
            for (Field f : List.of(ns, pod, container, text, stored, time, timeDv)) {
                doc.add(f);
            }
            for (CorpusManifest.Container c : manifest.containers()) {
                ns.setStringValue(c.namespace());
                pod.setStringValue(c.pod());
                container.setStringValue(c.container());
                List<Path> files = c.files().stream().map(f -> corpus.resolve(f.path()))
                        .sorted(Comparator.comparing(CorpusVerifier::age)).toList();
                long firstNanos = -1;
                for (Path file : files) {
                    try (ContainerLogFileReader r = ContainerLogFileReader.open(file, (m, e) -> { })) {
                        while (true) {
                            long r0 = threads.getCurrentThreadCpuTime();
                            boolean more = r.next(record);
                            if (more) {
                                if (firstNanos < 0) {
                                    firstNanos = record.epochNanos;
                                }
                                joined.write(record.buf, record.contentOffset, record.contentLength);
                            }
                            readCpu += threads.getCurrentThreadCpuTime() - r0;
                            if (!more) {
                                break;
                            }
                            if (record.partial) {
                                continue;
                            }
                            String line = joined.toString(StandardCharsets.UTF_8);
                            text.setStringValue(line);
                            stored.setStringValue(line);
                            time.setLongValue(firstNanos);
                            timeDv.setLongValue(firstNanos);
                            writer.addDocument(doc);
                            lines++;
                            joined.reset();
                            firstNanos = -1;
                        }
                    }
                }
            }
            writer.forceMerge(1);
            writer.commit();
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0 - readCpu) / 1e9;
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
        long bytes;
        try (Stream<Path> files = Files.list(indexDir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        return new IngestResult(wall, cpu, -1, lines, bytes);
    }

    @Override
    public QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException {
        return QueryResult.median(RUNS, () -> run(kind, manifest));
    }

    private long run(QueryKind kind, CorpusManifest manifest) throws IOException {
        CorpusManifest.Container rare = manifest.containers().stream()
                .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
        StoredFields stored = searcher.storedFields();
        switch (kind) {
            case RARE_TOKEN -> {
                TopDocs top = searcher.search(phrase(manifest.rareToken()), 1000);
                long n = 0;
                for (ScoreDoc d : top.scoreDocs) {
                    if (stored.document(d.doc).get("raw").contains(manifest.rareToken())) {
                        n++;
                    }
                }
                return n;
            }
            case SUBSTRING -> {
                long n = 0;
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (stored.document(doc).get("raw").contains(ZstdGrepBaseline.SUBSTRING)) {
                        n++;
                    }
                }
                return n;
            }
            case TAIL_100 -> {
                Query q = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term("namespace", rare.namespace())), BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new Term("pod", rare.pod())), BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new Term("container", rare.container())), BooleanClause.Occur.FILTER).build();
                TopDocs top = searcher.search(q, 100, new Sort(new SortField("time", SortField.Type.LONG, true)));
                for (ScoreDoc d : top.scoreDocs) {
                    stored.document(d.doc).get("raw"); // the lines are the answer: read them
                }
                return top.scoreDocs.length;
            }
            case COUNT_BY_POD -> {
                Query q = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term("namespace", rare.namespace())), BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new Term("line", "error")), BooleanClause.Occur.FILTER).build();
                TopDocs top = searcher.search(q, Math.max(1, reader.maxDoc()));
                Map<String, Long> byPod = new HashMap<>();
                for (ScoreDoc d : top.scoreDocs) {
                    Document doc = stored.document(d.doc);
                    if (doc.get("raw").contains("error")) {
                        byPod.merge(doc.get("pod"), 1L, Long::sum);
                    }
                }
                return byPod.size();
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private Query phrase(String text) throws IOException {
        PhraseQuery.Builder b = new PhraseQuery.Builder();
        try (TokenStream ts = analyzer.tokenStream("line", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                b.add(new Term("line", term.toString()));
            }
            ts.end();
        }
        return b.build();
    }

    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
