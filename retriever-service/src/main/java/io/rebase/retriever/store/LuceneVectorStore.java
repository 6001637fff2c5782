package io.rebase.retriever.store;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rebase.retriever.store.LuceneCells.CONFIG_KEY;
import static io.rebase.retriever.store.LuceneCells.DATASET;
import static io.rebase.retriever.store.LuceneCells.ID;
import static io.rebase.retriever.store.LuceneCells.TEXT_HASH;

/**
 * The embedded default: one Lucene document per cell ({@link LuceneCells}), ANN search on the graph of distinct texts
 * ({@link TextGraph}), exact search and row reads on the cell index ({@link LuceneCellReads}). Persisted under a folder
 * and reopened at start.
 */
public class LuceneVectorStore implements VectorStore {

    private static final Logger LOG = Logger.getLogger(LuceneVectorStore.class);

    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final TextGraph texts;
    private final LuceneCellReads reads;

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
            reads = new LuceneCellReads(searchers);
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
                writer.updateDocument(new Term(ID, p.id()), LuceneCells.document(p));
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
        return reads.exact(query, k, excludedDatasets, onlyDataset);
    }

    @Override
    public Map<String, List<VectorPoint>> pointsOfRows(Collection<String> rowIds) {
        return reads.pointsOfRows(rowIds);
    }

    @Override
    public Map<String, List<String>> rowsOfTexts(Collection<String> textHashes, int maxPerText, Set<String> excludedDatasets,
                                                 String onlyDataset) {
        return reads.rowsOfTexts(textHashes, maxPerText, excludedDatasets, onlyDataset);
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
        reads.forEachCell(query, texts::add);
        texts.commit();
    }

    /** Fills the text graph from the cell index (an index written before the graph existed). */
    private void buildTextGraph(Path folder) throws IOException {
        long start = System.nanoTime();
        LOG.infof("building the graph of distinct texts for %s from its %d cells (once)", folder, count());
        reads.forEachCell(new MatchAllDocsQuery(), texts::add);
        texts.commit();
        LOG.infof("graph of distinct texts built in %d s", (System.nanoTime() - start) / 1_000_000_000L);
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
