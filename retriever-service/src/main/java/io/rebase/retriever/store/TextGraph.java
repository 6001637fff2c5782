package io.rebase.retriever.store;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HNSW graph that ANN search runs on: one vector per distinct text and dataset (the first cell stored with it),
 * plus every cell stored without a text hash. Identical texts have identical vectors, and thousands of copies of
 * one label in a graph form clusters that HNSW cannot navigate (disconnected regions, searches stuck in local
 * minima: apache/lucene#13611), so the nearest texts to a label word are largely missed in the cell graph and found
 * in a graph of distinct texts (benchmarks/retriever). Which copy stands for a
 * text does not matter: retrieval expands every found text to its rows ({@link VectorStore#rowsOfTexts}).
 * A sidecar Lucene index next to the cell index; rebuilt from the cell index when missing.
 */
final class TextGraph implements AutoCloseable {

    private static final String KEY = "key";
    private static final String ID = "id";
    private static final String ROW_ID = "row_id";
    private static final String DATASET = "dataset";
    private static final String CONFIG_KEY = "config_key";
    private static final String TEXT_HASH = "text_hash";
    private static final String VECTOR = "v";

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Keys of the texts (dataset + hash) already in the graph: later copies are not added. */
    private final Set<String> known = new HashSet<>();

    TextGraph(Path folder, int hnswM, int beamWidth) throws IOException {
        Files.createDirectories(folder);
        directory = FSDirectory.open(folder);
        writer = new IndexWriter(directory, LuceneVectorStore.writerConfig(hnswM, beamWidth));
        writer.commit();
        searchers = new SearcherManager(writer, null);
        IndexSearcher searcher = searchers.acquire();
        try {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                SortedDocValues keys = leaf.reader().getSortedDocValues(KEY);
                for (int doc = 0; keys != null && doc < leaf.reader().maxDoc(); doc++) {
                    if ((live == null || live.get(doc)) && keys.advanceExact(doc)) {
                        known.add(keys.lookupOrd(keys.ordValue()).utf8ToString());
                    }
                }
            }
        } finally {
            searchers.release(searcher);
        }
    }

    static String key(String dataset, String textHash) {
        return dataset + "\u0000" + textHash;
    }

    boolean isEmpty() {
        return writer.getDocStats().numDocs == 0;
    }

    /** Adds a cell's vector unless its text is already in the graph for its dataset. */
    synchronized void add(VectorPoint p) throws IOException {
        if (p.textHash() == null) {
            // Without a hash every cell is its own text (an index from before text hashes; tests).
            writer.updateDocument(new Term(KEY, "id\u0000" + p.id()), doc("id\u0000" + p.id(), p));
        } else if (known.add(key(p.dataset(), p.textHash()))) {
            writer.addDocument(doc(key(p.dataset(), p.textHash()), p));
        }
    }

    private static Document doc(String key, VectorPoint p) {
        Document doc = new Document();
        doc.add(new StringField(KEY, key, Field.Store.NO));
        doc.add(new SortedDocValuesField(KEY, new BytesRef(key)));
        doc.add(new SortedDocValuesField(ID, new BytesRef(p.id())));
        doc.add(new SortedDocValuesField(ROW_ID, new BytesRef(p.rowId())));
        doc.add(new StringField(DATASET, p.dataset(), Field.Store.NO));
        doc.add(new SortedDocValuesField(DATASET, new BytesRef(p.dataset())));
        doc.add(new StringField(CONFIG_KEY, p.dataset() + "/" + p.config(), Field.Store.NO));
        if (p.textHash() != null) {
            doc.add(new SortedDocValuesField(TEXT_HASH, new BytesRef(p.textHash())));
        }
        doc.add(new KnnFloatVectorField(VECTOR, p.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /**
     * Removes the texts whose graph entry came from one config and answers their keys: the caller adds them again
     * from the cells that remain (other configs of the dataset holding the same text).
     */
    synchronized Set<String> forget(String dataset, String config) throws IOException {
        Set<String> removed = new HashSet<>();
        IndexSearcher searcher = searchers.acquire();
        try {
            searcher.search(new TermQuery(new Term(CONFIG_KEY, dataset + "/" + config)), new org.apache.lucene.search.SimpleCollector() {
                private SortedDocValues keys;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    keys = context.reader().getSortedDocValues(KEY);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (keys != null && keys.advanceExact(doc)) {
                        removed.add(keys.lookupOrd(keys.ordValue()).utf8ToString());
                    }
                }

                @Override
                public org.apache.lucene.search.ScoreMode scoreMode() {
                    return org.apache.lucene.search.ScoreMode.COMPLETE_NO_SCORES;
                }
            });
        } finally {
            searchers.release(searcher);
        }
        writer.deleteDocuments(new Term(CONFIG_KEY, dataset + "/" + config));
        known.removeAll(removed);
        return removed;
    }

    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** The k nearest texts, never from {@code excluded}, only from {@code onlyDataset} unless null. */
    List<SearchHit> search(float[] query, int k, Set<String> excluded, String onlyDataset) throws IOException {
        Query filter = null;
        if (onlyDataset != null || !excluded.isEmpty()) {
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(onlyDataset == null ? new MatchAllDocsQuery()
                    : new TermQuery(new Term(DATASET, onlyDataset)), BooleanClause.Occur.FILTER);
            excluded.forEach(d -> b.add(new TermQuery(new Term(DATASET, d)), BooleanClause.Occur.MUST_NOT));
            filter = b.build();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k, filter), k);
            List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (ScoreDoc sd : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                int doc = sd.doc - leaf.docBase;
                // DOT_PRODUCT scores are (1 + dot) / 2.
                hits.add(new SearchHit(string(leaf, ID, doc), string(leaf, ROW_ID, doc), string(leaf, DATASET, doc),
                        2 * sd.score - 1, string(leaf, TEXT_HASH, doc)));
            }
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    private static String string(LeafReaderContext leaf, String field, int doc) throws IOException {
        SortedDocValues values = leaf.reader().getSortedDocValues(field);
        return values != null && values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : null;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
