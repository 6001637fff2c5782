import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.LuceneVectorStore;
import io.rebase.retriever.store.SearchHit;
import io.rebase.retriever.store.VectorPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.store.FSDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Search-side latency at datastore scale without embedding 1.5M cells: copies the real cell vectors of an ingested
 * index N times with small noise into a new Lucene store, then times, per query, the ANN search (k=2000), the
 * exact search, their recall, and the fetch of every cell of the candidate rows (the re-scoring input).
 * usage: ScaleLatency <source-index-dir> <target-dir> <copies> <queries>
 */
public class ScaleLatency {

    record Cell(String rowId, String dataset, String config, long row, String column, float[] v) {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        int copies = Integer.parseInt(args[2]);
        int queries = Integer.parseInt(args[3]);
        List<Cell> cells = new ArrayList<>();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(source))) {
            for (LeafReaderContext leaf : reader.leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues("v");
                SortedDocValues rows = leaf.reader().getSortedDocValues("row_id");
                SortedDocValues datasets = leaf.reader().getSortedDocValues("dataset");
                SortedDocValues columns = leaf.reader().getSortedDocValues("column");
                for (int doc = values.nextDoc(); doc != FloatVectorValues.NO_MORE_DOCS; doc = values.nextDoc()) {
                    rows.advanceExact(doc);
                    datasets.advanceExact(doc);
                    columns.advanceExact(doc);
                    cells.add(new Cell(rows.lookupOrd(rows.ordValue()).utf8ToString(), datasets.lookupOrd(datasets.ordValue()).utf8ToString(),
                            "default", doc, columns.lookupOrd(columns.ordValue()).utf8ToString(), values.vectorValue().clone()));
                }
            }
        }
        System.out.printf("source cells: %d; copies: %d -> %d cells%n", cells.size(), copies, (long) cells.size() * copies);
        Random random = new Random(7);
        long start = System.nanoTime();
        try (LuceneVectorStore store = new LuceneVectorStore(target, 16, 100)) {
            if (store.count() < (long) cells.size() * copies) {
                for (int c = 0; c < copies; c++) {
                    List<VectorPoint> batch = new ArrayList<>();
                    for (Cell cell : cells) {
                        float[] v = cell.v().clone();
                        if (c > 0) {
                            for (int i = 0; i < v.length; i++) {
                                v[i] += (float) (random.nextGaussian() * 0.03);
                            }
                            Embedder.normalise(v);
                        }
                        String rowId = "c" + c + "/" + cell.rowId();
                        batch.add(new VectorPoint(VectorPoint.idOf("c" + c, cell.rowId(), 0, cell.column()), rowId,
                                cell.dataset() + "_c" + c, "default", cell.row(), cell.column(), null, v));
                        if (batch.size() == 10_000) {
                            store.upsert(batch);
                            batch = new ArrayList<>();
                        }
                    }
                    store.upsert(batch);
                    store.commit();
                    System.out.printf("copy %d indexed, %.0f cells/s%n", c, (double) cells.size() * (c + 1) / ((System.nanoTime() - start) / 1e9));
                }
            }
            System.out.printf("index: %d cells%n", store.count());
            for (int q = 0; q < queries; q++) {
                float[] query = cells.get(random.nextInt(cells.size())).v();
                long t0 = System.nanoTime();
                List<SearchHit> ann = store.search(query, 2000, Set.of());
                long t1 = System.nanoTime();
                Set<String> rowIds = new LinkedHashSet<>();
                ann.forEach(h -> rowIds.add(h.rowId()));
                var points = store.pointsOfRows(rowIds);
                long t2 = System.nanoTime();
                List<SearchHit> exact = store.exactSearch(query, 2000, Set.of());
                long t3 = System.nanoTime();
                Set<String> e = new HashSet<>();
                exact.forEach(h -> e.add(h.id()));
                long found = ann.stream().filter(h -> e.contains(h.id())).count();
                System.out.printf("query %d: ANN k=2000 %d ms, fetch %d rows / %d cells %d ms, exact %d ms, cell recall@2000 %.3f%n", q,
                        (t1 - t0) / 1_000_000, rowIds.size(), points.values().stream().mapToInt(List::size).sum(),
                        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (double) found / exact.size());
            }
        }
    }
}
