package io.rebase.retriever.store;

import io.rebase.retriever.embedding.Embedder;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import static io.rebase.retriever.store.LuceneCells.CONFIG;
import static io.rebase.retriever.store.LuceneCells.COLUMN;
import static io.rebase.retriever.store.LuceneCells.DATASET;
import static io.rebase.retriever.store.LuceneCells.ID;
import static io.rebase.retriever.store.LuceneCells.ROW;
import static io.rebase.retriever.store.LuceneCells.ROW_ID;
import static io.rebase.retriever.store.LuceneCells.SPAN_OF;
import static io.rebase.retriever.store.LuceneCells.TEXT_HASH;
import static io.rebase.retriever.store.LuceneCells.VECTOR;
import static io.rebase.retriever.store.LuceneCells.cached;
import static io.rebase.retriever.store.LuceneCells.string;
import static io.rebase.retriever.store.LuceneCells.value;

/**
 * The reads of {@link LuceneVectorStore} on the cell index, each on a searcher of its own: exact (brute-force)
 * search over the first copy of each text, the cells of given rows, the rows holding given texts, and a scan of the
 * cells matching a query.
 */
final class LuceneCellReads {

    private final SearcherManager searchers;
    private final FirstCopies firstCopies = new FirstCopies();

    LuceneCellReads(SearcherManager searchers) {
        this.searchers = searchers;
    }

    /** The {@code k} cells nearest to {@code query} by exact dot product, one per text and dataset. */
    List<SearchHit> exact(float[] query, int k, Set<String> excludedDatasets, String onlyDataset) {
        IndexSearcher searcher = acquire();
        try {
            PriorityQueue<float[]> top = new PriorityQueue<>(Comparator.comparingDouble(a -> a[0]));
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            FixedBitSet[] firstCopies = this.firstCopies.of(searcher.getIndexReader());
            for (LeafReaderContext leaf : leaves) {
                scan(leaf, firstCopies[leaf.ord], query, k, excludedDatasets, onlyDataset, top);
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

    /** Scores the first copies of one segment into {@code top} (score, global doc), keeping the best {@code k}. */
    private static void scan(LeafReaderContext leaf, FixedBitSet first, float[] query, int k, Set<String> excludedDatasets,
                             String onlyDataset, PriorityQueue<float[]> top) throws IOException {
        LeafReader reader = leaf.reader();
        FloatVectorValues values = reader.getFloatVectorValues(VECTOR);
        if (values == null) {
            return;
        }
        Bits live = reader.getLiveDocs();
        SortedDocValues datasets = reader.getSortedDocValues(DATASET);
        Set<Integer> excludedOrds = new HashSet<>();
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
                return;
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

    /** Every cell of the rows {@code rowIds}, by row, each row's cells sorted by column. */
    Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds) {
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

    /** See {@link VectorStore#rowsOfTexts}. */
    Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
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

    /** Receives a cell read back from the index (row index and span left out). */
    interface CellConsumer {
        void accept(VectorPoint p) throws IOException;
    }

    /** Every live cell matching {@code query}. */
    void forEachCell(Query query, CellConsumer consumer) throws IOException {
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
