package io.rebase.retriever.store;

import io.rebase.retriever.embedding.Embedder;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The embedded default: one Lucene document per cell, its vector in an HNSW graph ({@link KnnFloatVectorField},
 * dot product over unit vectors = cosine), its location in doc values (read column-wise, fast for re-scoring).
 * Persisted under a folder and reopened at start.
 */
public class LuceneVectorStore implements VectorStore {

    static final String VECTOR = "v";
    private static final String ID = "id";
    private static final String ROW_ID = "row_id";
    private static final String DATASET = "dataset";
    private static final String CONFIG_KEY = "config_key";
    private static final String CONFIG = "config";
    private static final String COLUMN = "column";
    private static final String SPAN_OF = "span_of";
    private static final String ROW = "row";
    private static final String TEXT_HASH = "text_hash";
    private static final Logger LOG = Logger.getLogger(LuceneVectorStore.class);

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final TextGraph texts;
    /** Per open reader: per leaf, the docs that are the first copy of their text within their dataset. */
    private final Map<IndexReader, FixedBitSet[]> representatives = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Writer settings of the cell index and of its {@link TextGraph}: the same HNSW parameters for both. */
    static IndexWriterConfig writerConfig(int hnswM, int beamWidth) {
        IndexWriterConfig config = new IndexWriterConfig();
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(hnswM, beamWidth);
        config.setCodec(new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        });
        // Fewer, larger segments: fewer HNSW graphs to search and to merge.
        config.setRAMBufferSizeMB(256);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        return config;
    }

    public LuceneVectorStore(Path folder, int hnswM, int beamWidth) {
        try {
            Files.createDirectories(folder);
            directory = FSDirectory.open(folder);
            writer = new IndexWriter(directory, writerConfig(hnswM, beamWidth));
            writer.commit();
            searchers = new SearcherManager(writer, null);
            warnIfBuiltWithoutTextHashes(folder);
            texts = new TextGraph(folder.resolveSibling(folder.getFileName() + "-texts"), hnswM, beamWidth);
            if (texts.isEmpty() && count() > 0) {
                buildTextGraph(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Lucene index at " + folder, e);
        }
    }

    @Override
    public void upsert(List<VectorPoint> points) {
        try {
            for (VectorPoint p : points) {
                Document doc = new Document();
                doc.add(new StringField(ID, p.id(), Field.Store.NO));
                doc.add(new SortedDocValuesField(ID, new BytesRef(p.id())));
                doc.add(new StringField(ROW_ID, p.rowId(), Field.Store.NO));
                doc.add(new SortedDocValuesField(ROW_ID, new BytesRef(p.rowId())));
                doc.add(new StringField(DATASET, p.dataset(), Field.Store.NO));
                doc.add(new SortedDocValuesField(DATASET, new BytesRef(p.dataset())));
                doc.add(new StringField(CONFIG_KEY, p.dataset() + "/" + p.config(), Field.Store.NO));
                doc.add(new SortedDocValuesField(CONFIG, new BytesRef(p.config())));
                doc.add(new SortedDocValuesField(COLUMN, new BytesRef(p.column())));
                if (p.spanOf() != null) {
                    doc.add(new SortedDocValuesField(SPAN_OF, new BytesRef(p.spanOf())));
                }
                if (p.textHash() != null) {
                    doc.add(new StringField(TEXT_HASH, p.textHash(), Field.Store.NO));
                    doc.add(new SortedDocValuesField(TEXT_HASH, new BytesRef(p.textHash())));
                }
                doc.add(new NumericDocValuesField(ROW, p.rowIndex()));
                doc.add(new KnnFloatVectorField(VECTOR, p.vector(), VectorSimilarityFunction.DOT_PRODUCT));
                writer.updateDocument(new Term(ID, p.id()), doc);
                texts.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void commit() {
        try {
            writer.commit();
            searchers.maybeRefreshBlocking();
            // Before the caller's checkpoint: a crash in between re-ingests (re-adds) these cells.
            texts.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<SearchHit> search(float[] query, int k, Set<String> excludedDatasets) {
        return knn(query, k, excludedDatasets, null);
    }

    private List<SearchHit> knn(float[] query, int k, Set<String> excludedDatasets, String onlyDataset) {
        try {
            // The graph of distinct texts: k counts texts, not copies of one label (see TextGraph).
            return texts.search(query, k, excludedDatasets, onlyDataset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<SearchHit> searchWithin(float[] query, int k, String dataset) {
        return knn(query, k, Set.of(), dataset);
    }

    @Override
    public List<SearchHit> exactSearch(float[] query, int k, Set<String> excludedDatasets) {
        return exact(query, k, excludedDatasets, null);
    }

    @Override
    public List<SearchHit> exactSearchWithin(float[] query, int k, String dataset) {
        return exact(query, k, Set.of(), dataset);
    }

    private List<SearchHit> exact(float[] query, int k, Set<String> excludedDatasets, String onlyDataset) {
        IndexSearcher searcher = acquire();
        try {
            PriorityQueue<float[]> top = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            FixedBitSet[] firstCopies = representatives(searcher);
            for (LeafReaderContext leaf : leaves) {
                FixedBitSet first = firstCopies[leaf.ord];
                LeafReader reader = leaf.reader();
                FloatVectorValues values = reader.getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                Bits live = reader.getLiveDocs();
                SortedDocValues datasets = reader.getSortedDocValues(DATASET);
                Set<Integer> excludedOrds = new java.util.HashSet<>();
                for (String d : excludedDatasets) {
                    int ord = datasets == null ? -1 : datasets.lookupTerm(new BytesRef(d));
                    if (ord >= 0) {
                        excludedOrds.add(ord);
                    }
                }
                int onlyOrd = -1;
                if (onlyDataset != null) {
                    onlyOrd = datasets == null ? -1 : datasets.lookupTerm(new BytesRef(onlyDataset));
                    if (onlyOrd < 0) {
                        continue;
                    }
                }
                for (int doc = values.nextDoc(); doc != FloatVectorValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if ((live != null && !live.get(doc)) || !first.get(doc)) {
                        continue;
                    }
                    if (onlyOrd >= 0 && (!datasets.advanceExact(doc) || datasets.ordValue() != onlyOrd)) {
                        continue;
                    }
                    if (!excludedOrds.isEmpty() && datasets.advanceExact(doc) && excludedOrds.contains(datasets.ordValue())) {
                        continue;
                    }
                    float s = Embedder.dot(query, values.vectorValue());
                    if (top.size() < k) {
                        top.add(new float[]{s, leaf.docBase + doc});
                    } else if (s > top.peek()[0]) {
                        top.poll();
                        top.add(new float[]{s, leaf.docBase + doc});
                    }
                }
            }
            List<float[]> best = new ArrayList<>(top);
            best.sort((a, b) -> Float.compare(b[0], a[0]));
            List<SearchHit> hits = new ArrayList<>(best.size());
            for (float[] b : best) {
                int global = (int) b[1];
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(global, leaves));
                int doc = global - leaf.docBase;
                hits.add(new SearchHit(string(leaf.reader(), ID, doc), string(leaf.reader(), ROW_ID, doc),
                        string(leaf.reader(), DATASET, doc), b[0], string(leaf.reader(), TEXT_HASH, doc)));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds) {
        if (rowIds.isEmpty()) {
            return Map.of();
        }
        IndexSearcher searcher = acquire();
        try {
            List<BytesRef> terms = new LinkedHashSet<>(rowIds).stream().map(BytesRef::new).toList();
            Map<String, List<VectorPoint>> out = new HashMap<>();
            searcher.search(new TermInSetQuery(ROW_ID, terms), new SimpleCollector() {
                private FloatVectorValues vectors;
                private SortedDocValues ids;
                private SortedDocValues rowIdValues;
                private SortedDocValues datasets;
                private SortedDocValues configs;
                private SortedDocValues columns;
                private SortedDocValues spans;
                private NumericDocValues rows;
                private SortedDocValues texts;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    // Forward-only iterators, one set per segment: docs arrive in increasing order.
                    LeafReader reader = context.reader();
                    vectors = reader.getFloatVectorValues(VECTOR);
                    ids = reader.getSortedDocValues(ID);
                    rowIdValues = reader.getSortedDocValues(ROW_ID);
                    datasets = reader.getSortedDocValues(DATASET);
                    configs = reader.getSortedDocValues(CONFIG);
                    columns = reader.getSortedDocValues(COLUMN);
                    spans = reader.getSortedDocValues(SPAN_OF);
                    rows = reader.getNumericDocValues(ROW);
                    texts = reader.getSortedDocValues(TEXT_HASH);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (vectors == null || vectors.advance(doc) != doc) {
                        return;
                    }
                    String rowId = value(rowIdValues, doc);
                    long row = rows != null && rows.advanceExact(doc) ? rows.longValue() : -1;
                    VectorPoint p = new VectorPoint(value(ids, doc), rowId, value(datasets, doc), value(configs, doc), row,
                            value(columns, doc), value(spans, doc), vectors.vectorValue().clone(), value(texts, doc));
                    out.computeIfAbsent(rowId, r -> new ArrayList<>()).add(p);
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
            out.values().forEach(l -> l.sort(Comparator.comparing(VectorPoint::column)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    @Override
    public Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
                                                 String onlyDataset) {
        if (textHashes.isEmpty()) {
            return Map.of();
        }
        IndexSearcher searcher = acquire();
        try {
            List<BytesRef> terms = new LinkedHashSet<>(textHashes).stream().map(BytesRef::new).toList();
            TieOrder.Collector ties = new TieOrder.Collector();
            searcher.search(new TermInSetQuery(TEXT_HASH, terms), new SimpleCollector() {
                private SortedDocValues texts;
                private SortedDocValues rowIds;
                private SortedDocValues datasets;
                // a segment holds few distinct datasets and hashed texts among the matches: decode each ordinal once
                private final Map<Integer, String> datasetOfOrd = new HashMap<>();
                private final Map<Integer, String> textOfOrd = new HashMap<>();

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    texts = context.reader().getSortedDocValues(TEXT_HASH);
                    rowIds = context.reader().getSortedDocValues(ROW_ID);
                    datasets = context.reader().getSortedDocValues(DATASET);
                    datasetOfOrd.clear();
                    textOfOrd.clear();
                }

                @Override
                public void collect(int doc) throws IOException {
                    String dataset = cached(datasets, doc, datasetOfOrd);
                    if (dataset == null || excludedDatasets.contains(dataset) || (onlyDataset != null && !onlyDataset.equals(dataset))) {
                        return;
                    }
                    ties.add(cached(texts, doc, textOfOrd), dataset, value(rowIds, doc));
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
            return ties.firstRows(maxPerText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(searcher);
        }
    }

    /**
     * An index built before text hashes were stored keeps working, but its identical cells are not expanded as
     * ties (ANN and exact search may then pick different tied rows): say so, and how to fix it.
     */
    private void warnIfBuiltWithoutTextHashes(Path folder) {
        IndexSearcher searcher = acquire();
        try {
            long withoutHash = 0;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                if (leaf.reader().getFieldInfos().fieldInfo(TEXT_HASH) == null) {
                    withoutHash += leaf.reader().numDocs();
                }
            }
            if (withoutHash > 0) {
                LOG.warnf("the Lucene index at %s holds %d cells stored without a text hash (built before tie-aware "
                        + "retrieval): they are searched, but identical cells among them are not expanded as ties, so ANN and "
                        + "exact retrieval may select different rows. Delete the retriever's data-dir (index and registry) and "
                        + "re-ingest to fix it.", folder, withoutHash);
            }
        } finally {
            release(searcher);
        }
    }

    @Override
    public void deleteConfig(String dataset, String config) {
        try {
            writer.deleteDocuments(new Term(CONFIG_KEY, dataset + "/" + config));
            Set<String> orphaned = texts.forget(dataset, config);
            commit();
            readmit(dataset, orphaned);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Texts whose graph entry was a deleted cell go back in from a remaining cell of the same dataset, if any. */
    private void readmit(String dataset, Set<String> keys) throws IOException {
        List<String> hashes = keys.stream().filter(k -> k.startsWith(dataset + "\u0000"))
                .map(k -> k.substring(dataset.length() + 1)).toList();
        if (hashes.isEmpty()) {
            return;
        }
        BooleanQuery query = new BooleanQuery.Builder()
                .add(new TermInSetQuery(TEXT_HASH, hashes.stream().map(BytesRef::new).toList()), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(DATASET, dataset)), BooleanClause.Occur.FILTER).build();
        forEachCell(query, texts::add);
        texts.commit();
    }

    /** Fills the text graph from the cell index (an index written before the graph existed). */
    private void buildTextGraph(Path folder) throws IOException {
        long start = System.nanoTime();
        LOG.infof("building the graph of distinct texts for %s from its %d cells (once)", folder, count());
        forEachCell(new MatchAllDocsQuery(), texts::add);
        texts.commit();
        LOG.infof("graph of distinct texts built in %d s", (System.nanoTime() - start) / 1_000_000_000L);
    }

    private interface CellConsumer {
        void accept(VectorPoint p) throws IOException;
    }

    private void forEachCell(Query query, CellConsumer consumer) throws IOException {
        IndexSearcher searcher = acquire();
        try {
            searcher.search(query, new SimpleCollector() {
                private LeafReader reader;
                private FloatVectorValues vectors;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    reader = context.reader();
                    vectors = reader.getFloatVectorValues(VECTOR);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (vectors == null || vectors.advance(doc) != doc) {
                        return;
                    }
                    consumer.accept(new VectorPoint(string(reader, ID, doc), string(reader, ROW_ID, doc), string(reader, DATASET, doc),
                            string(reader, CONFIG, doc), -1, string(reader, COLUMN, doc), null, vectors.vectorValue().clone(),
                            string(reader, TEXT_HASH, doc)));
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
        } finally {
            release(searcher);
        }
    }

    @Override
    public long count() {
        IndexSearcher searcher = acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            release(searcher);
        }
    }

    @Override
    public void close() {
        try {
            texts.close();
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The live docs that are the first copy (in doc order) of their text within their dataset; docs without a text
     * hash always count. Computed once per reader (one pass over two doc-value columns) and shared by ANN and exact
     * search, so both see the same candidates.
     */
    private FixedBitSet[] representatives(IndexSearcher searcher) {
        IndexReader reader = searcher.getIndexReader();
        FixedBitSet[] cached = representatives.get(reader);
        if (cached != null) {
            return cached;
        }
        try {
            List<LeafReaderContext> leaves = reader.leaves();
            FixedBitSet[] out = new FixedBitSet[leaves.size()];
            Set<String> seen = new java.util.HashSet<>();
            for (LeafReaderContext leaf : leaves) {
                LeafReader r = leaf.reader();
                FixedBitSet bits = new FixedBitSet(Math.max(1, r.maxDoc()));
                Bits live = r.getLiveDocs();
                SortedDocValues texts = r.getSortedDocValues(TEXT_HASH);
                SortedDocValues datasets = r.getSortedDocValues(DATASET);
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    String text = value(texts, doc);
                    if (text == null || seen.add(value(datasets, doc) + "\u0000" + text)) {
                        bits.set(doc);
                    }
                }
                out[leaf.ord] = bits;
            }
            representatives.put(reader, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #value}, decoding each ordinal of the segment once. */
    private static String cached(SortedDocValues values, int doc, Map<Integer, String> byOrd) throws IOException {
        if (values == null || !values.advanceExact(doc)) {
            return null;
        }
        int ord = values.ordValue();
        String known = byOrd.get(ord);
        if (known == null) {
            known = values.lookupOrd(ord).utf8ToString();
            byOrd.put(ord, known);
        }
        return known;
    }

    private static String value(SortedDocValues values, int doc) throws IOException {
        return values != null && values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : null;
    }

    // Doc values are read per call: these iterators are forward-only and not thread-safe.
    private static String string(LeafReader reader, String field, int doc) throws IOException {
        SortedDocValues values = reader.getSortedDocValues(field);
        if (values == null || !values.advanceExact(doc)) {
            return null;
        }
        return values.lookupOrd(values.ordValue()).utf8ToString();
    }

    private IndexSearcher acquire() {
        try {
            return searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
