package dev.clusterlog.store.index;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.store.block.BlockInfo;
import dev.clusterlog.store.block.LabelCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;

/**
 * The block index of one partition: a Lucene index with one document per sealed block.
 * <pre>
 * document := stream:keyword (the label set's text)  l.&lt;name&gt;:keyword per label  seg:keyword  bid:keyword (seg:offset)
 *             minT, maxT: LongPoint + numeric doc values   seg, off, len, count, raw: numeric doc values
 *             labels: binary doc values ({@link LabelCodec})   tok: keyword, once per distinct word of the block
 * commit user data: walGeneration = the WAL generation below which this partition's data is sealed
 * </pre>
 * Lucene's own files carry its headers, versions and checksums; a failed check surfaces as
 * Lucene's CorruptIndexException when the index is opened.
 */
public final class BlockIndex implements AutoCloseable {
    public static final String STREAM = "stream";
    public static final String TOKEN = "tok";
    public static final String SEGMENT = "seg";
    public static final String BLOCK_ID = "bid";
    public static final String COVERED_GENERATION = "walGeneration";
    private static final FieldType TOKEN_TYPE = new FieldType();

    static {
        TOKEN_TYPE.setIndexOptions(IndexOptions.DOCS);
        TOKEN_TYPE.setOmitNorms(true);
        TOKEN_TYPE.setTokenized(false);
        TOKEN_TYPE.freeze();
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public BlockIndex(Path dir) throws IOException {
        directory = FSDirectory.open(dir);
        IndexWriterConfig cfg = new IndexWriterConfig();
        cfg.setCommitOnClose(false);
        cfg.setRAMBufferSizeMB(32);
        IndexWriter w;
        try {
            w = new IndexWriter(directory, cfg);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
        writer = w;
        searchers = new SearcherManager(writer, null);
    }

    /** The WAL generation recorded by the last commit (0 when never committed). */
    public long coveredGeneration() {
        Map<String, String> data = new HashMap<>();
        for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
            data.put(e.getKey(), e.getValue());
        }
        String g = data.get(COVERED_GENERATION);
        return g == null ? 0 : Long.parseLong(g);
    }

    /** Adds a block's document; {@code data[from, to)} (time order) are its entries, tokenized here. */
    public void add(BlockInfo info, BlockData data, int from, int to) throws IOException {
        Document doc = new Document();
        LabelSet labels = info.labels();
        doc.add(new StringField(STREAM, labels.toString(), Field.Store.NO));
        for (int i = 0; i < labels.size(); i++) {
            doc.add(new StringField("l." + labels.name(i), labels.value(i), Field.Store.NO));
        }
        doc.add(new StringField(SEGMENT, Long.toString(info.segmentId()), Field.Store.NO));
        doc.add(new StringField(BLOCK_ID, info.segmentId() + ":" + info.offset(), Field.Store.NO));
        doc.add(new LongPoint("minT", info.minTime()));
        doc.add(new LongPoint("maxT", info.maxTime()));
        doc.add(new NumericDocValuesField("minT", info.minTime()));
        doc.add(new NumericDocValuesField("maxT", info.maxTime()));
        doc.add(new NumericDocValuesField(SEGMENT, info.segmentId()));
        doc.add(new NumericDocValuesField("off", info.offset()));
        doc.add(new NumericDocValuesField("len", info.length()));
        doc.add(new NumericDocValuesField("count", info.count()));
        doc.add(new NumericDocValuesField("raw", info.rawLength()));
        doc.add(new BinaryDocValuesField("labels", new BytesRef(LabelCodec.encode(labels))));
        BytesRefHash words = new BytesRefHash();
        BytesRef scratch = new BytesRef();
        byte[] lines = data.lines();
        for (int i = from; i < to; i++) {
            int p = data.physical(i);
            Tokenizer.tokenize(lines, data.lineOff()[p], data.lineLen()[p], (b, o, l) -> {
                scratch.bytes = b;
                scratch.offset = o;
                scratch.length = l;
                words.add(scratch);
            });
        }
        BytesRef term = new BytesRef();
        for (int i = 0; i < words.size(); i++) {
            words.get(i, term);
            doc.add(new Field(TOKEN, BytesRef.deepCopyOf(term), TOKEN_TYPE));
        }
        writer.addDocument(doc);
    }

    public void deleteSegment(long segmentId) throws IOException {
        writer.deleteDocuments(new Term(SEGMENT, Long.toString(segmentId)));
    }

    public void deleteBlock(BlockInfo info) throws IOException {
        writer.deleteDocuments(new Term(BLOCK_ID, info.segmentId() + ":" + info.offset()));
    }

    /** Makes added and deleted documents durable together with the covered WAL generation. */
    public void commit(long walGeneration) throws IOException {
        writer.setLiveCommitData(Map.of(COVERED_GENERATION, Long.toString(walGeneration)).entrySet());
        writer.commit();
    }

    /** Makes committed changes visible to searches (the store calls it under its write lock). */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Every block in the index. */
    public List<BlockInfo> all() throws IOException {
        return search(new MatchAllDocsQuery());
    }

    /**
     * Candidate blocks of the given streams (null: any) overlapping {@code [start, end)} whose words
     * satisfy every clause.
     */
    public List<BlockInfo> search(Collection<LabelSet> streams, long start, long end, List<Query> wordClauses)
            throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (streams != null) {
            List<BytesRef> keys = new ArrayList<>(streams.size());
            for (LabelSet s : streams) {
                keys.add(new BytesRef(s.toString()));
            }
            b.add(new TermInSetQuery(STREAM, keys), BooleanClause.Occur.FILTER);
        }
        if (end != Long.MAX_VALUE || start != Long.MIN_VALUE) {
            b.add(LongPoint.newRangeQuery("maxT", start, Long.MAX_VALUE), BooleanClause.Occur.FILTER);
            if (end != Long.MIN_VALUE) {
                b.add(LongPoint.newRangeQuery("minT", Long.MIN_VALUE, end - 1), BooleanClause.Occur.FILTER);
            }
        }
        for (Query q : wordClauses) {
            b.add(q, BooleanClause.Occur.FILTER);
        }
        BooleanQuery q = b.build();
        return search(q.clauses().isEmpty() ? new MatchAllDocsQuery() : q);
    }

    private List<BlockInfo> search(Query query) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            List<BlockInfo> out = new ArrayList<>();
            Weight w = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
                Scorer scorer = w.scorer(ctx);
                if (scorer == null) {
                    continue;
                }
                LeafReader r = ctx.reader();
                Bits live = r.getLiveDocs();
                NumericDocValues seg = r.getNumericDocValues(SEGMENT);
                NumericDocValues off = r.getNumericDocValues("off");
                NumericDocValues len = r.getNumericDocValues("len");
                NumericDocValues count = r.getNumericDocValues("count");
                NumericDocValues raw = r.getNumericDocValues("raw");
                NumericDocValues minT = r.getNumericDocValues("minT");
                NumericDocValues maxT = r.getNumericDocValues("maxT");
                BinaryDocValues labels = r.getBinaryDocValues("labels");
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    seg.advanceExact(doc);
                    off.advanceExact(doc);
                    len.advanceExact(doc);
                    count.advanceExact(doc);
                    raw.advanceExact(doc);
                    minT.advanceExact(doc);
                    maxT.advanceExact(doc);
                    labels.advanceExact(doc);
                    BytesRef lb = labels.binaryValue();
                    out.add(new BlockInfo(seg.longValue(), off.longValue(), (int) len.longValue(),
                            LabelCodec.decode(lb.bytes, lb.offset, lb.length), (int) count.longValue(),
                            (int) raw.longValue(), minT.longValue(), maxT.longValue()));
                }
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Bytes the index takes on disk. */
    public long sizeOnDisk() throws IOException {
        long n = 0;
        for (String f : directory.listAll()) {
            try {
                n += directory.fileLength(f);
            } catch (IOException e) {
                // a file removed by a concurrent merge
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
    }

    /** Whether a Lucene index exists in the folder. */
    public static boolean exists(Path dir) throws IOException {
        try (Directory d = FSDirectory.open(dir)) {
            return DirectoryReader.indexExists(d);
        }
    }
}
