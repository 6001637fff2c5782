package io.rebase.retriever.retrieval;

import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.store.SearchHit;
import io.rebase.retriever.store.TieOrder;
import io.rebase.retriever.store.VectorPoint;
import io.rebase.retriever.store.VectorStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Finds a task's candidate rows in the vector store and reads their cells: nearest-neighbour search per query vector,
 * search within the best-described datasets, tie expansion, then the cells of every candidate row. Searches and reads
 * run on its own pool, one thread per core.
 */
public final class CandidateSearch implements AutoCloseable {

    private final VectorStore store;
    private final int threads;
    private final ExecutorService pool;

    public CandidateSearch(VectorStore store) {
        this.store = store;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vector-search");
            t.setDaemon(true);
            return t;
        });
    }

    /** The candidate rows of a task: those near its query vectors and those found within its best-described datasets. */
    Set<String> candidates(TaskQueries queries, RetrievalPlan plan) {
        Set<String> rows = gather(queries, plan.excluded(), plan.search(), plan.exact());
        rows.addAll(gatherByDescription(queries, plan));
        return rows;
    }

    /** The rows near {@code query} (ann-k distinct texts, ties expanded), nothing excluded: the warm-up's search. */
    Set<String> rowsNear(float[] query, SearchSettings settings) {
        return expandTies(nearest(query, Set.of(), settings, false), Set.of(), null, settings);
    }

    private Set<String> gather(TaskQueries queries, Set<String> excluded, SearchSettings settings, boolean exact) {
        List<Future<List<SearchHit>>> searches = new ArrayList<>();
        for (float[] q : queries.searchVectors()) {
            searches.add(pool.submit(() -> nearest(q, excluded, settings, exact)));
        }
        List<SearchHit> hits = new ArrayList<>();
        searches.forEach(f -> hits.addAll(await(f, "vector search")));
        return expandTies(hits, excluded, null, settings);
    }

    /**
     * Candidates from the datasets whose description best matches the instruction and, for an extractive QA task,
     * from every dataset whose rows have the task's format (an answer inside a passage, see
     * {@link ColumnProfiles.Profile#extractive()}), searched within each of them with the mean of the task's inputs:
     * rows of such a dataset whose texts are far from the examples (another domain: product reviews for a Wikipedia
     * task) are otherwise never among the nearest cells of any query, however well they fit the task's format.
     */
    private Set<String> gatherByDescription(TaskQueries queries, RetrievalPlan plan) {
        SearchSettings settings = plan.search();
        Set<String> rows = new LinkedHashSet<>();
        if ((settings.descriptionDatasets() <= 0 && !plan.extractiveTask()) || queries.inputs().isEmpty()) {
            return rows;
        }
        List<float[]> inputs = new ArrayList<>();
        queries.inputs().values().forEach(inputs::addAll);
        float[] mean = Vectors.meanUnit(inputs);
        int k = settings.descriptionK();
        Map<String, Future<List<SearchHit>>> searches = new LinkedHashMap<>();
        describedDatasets(queries, plan).forEach(dataset -> searches.put(dataset, pool.submit(() -> plan.exact()
                ? store.exactSearchWithin(mean, k, dataset) : firstK(store.searchWithin(mean, settings.ef(k), dataset), k))));
        searches.forEach((dataset, f) -> rows.addAll(expandTies(await(f, "vector search"), plan.excluded(), dataset, settings)));
        return rows;
    }

    /** The description-datasets best matching the instruction, plus (extractive QA) every extractive dataset. */
    private static Set<String> describedDatasets(TaskQueries queries, RetrievalPlan plan) {
        Map<String, Double> best = new HashMap<>();
        plan.configs().forEach((id, info) -> {
            String dataset = id.substring(0, id.indexOf('/'));
            if (info.description() != null && !plan.excluded().contains(dataset)) {
                best.merge(dataset, (double) Embedder.dot(info.description(), queries.instruction()), Math::max);
            }
        });
        Set<String> chosen = new LinkedHashSet<>();
        best.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, plan.search().descriptionDatasets())).forEach(e -> chosen.add(e.getKey()));
        if (plan.extractiveTask()) {
            plan.configs().forEach((id, info) -> {
                String dataset = id.substring(0, id.indexOf('/'));
                if (info.profile().extractive() && !plan.excluded().contains(dataset)) {
                    chosen.add(dataset);
                }
            });
        }
        return chosen;
    }

    /** The ann-k cells nearest to {@code query}, by ANN or exact search. */
    private List<SearchHit> nearest(float[] query, Set<String> excluded, SearchSettings settings, boolean exact) {
        int k = settings.annK();
        return exact ? store.exactSearch(query, k, excluded) : firstK(store.search(query, settings.ef(k), excluded), k);
    }

    /**
     * The rows of {@code hits}, ties made deterministic: a hit whose text other cells share (equal vectors, so
     * which copies a k-nearest search returns is arbitrary) stands for the first {@code tie-expansion-max} rows
     * per dataset holding that text in {@link TieOrder}, whichever copy was found; hits without a text hash stand for their row.
     */
    private Set<String> expandTies(List<SearchHit> hits, Set<String> excluded, String onlyDataset, SearchSettings settings) {
        Set<String> hashes = new LinkedHashSet<>();
        hits.forEach(h -> {
            if (h.textHash() != null) {
                hashes.add(h.textHash());
            }
        });
        Map<String, List<String>> tied = hashes.isEmpty() ? Map.of()
                : store.rowsOfTexts(hashes, settings.tieExpansionMax(), excluded, onlyDataset);
        Set<String> rows = new LinkedHashSet<>();
        for (SearchHit h : hits) {
            List<String> same = h.textHash() == null ? null : tied.get(h.textHash());
            if (same == null) {
                rows.add(h.rowId());
            } else {
                rows.addAll(same);
            }
        }
        return rows;
    }

    /** The cells of the candidate rows, read in slices on all cores: with tens of thousands of rows it is a large share of a task's latency. */
    Map<String, List<VectorPoint>> fetch(Set<String> rowIds) {
        Map<String, List<VectorPoint>> points = new HashMap<>(rowIds.size() * 2);
        inSlices(new ArrayList<>(rowIds), slice -> List.of(store.pointsOfRows(slice)), "reading candidate rows")
                .forEach(points::putAll);
        return points;
    }

    /**
     * Runs {@code work} on contiguous slices of {@code items} on the pool, two slices per thread (so that an uneven
     * slice does not idle a core), and concatenates the results in slice order.
     */
    <T, R> List<R> inSlices(List<T> items, Function<List<T>, List<R>> work, String what) {
        List<Future<List<R>>> running = new ArrayList<>();
        for (List<T> slice : slices(items)) {
            running.add(pool.submit(() -> work.apply(slice)));
        }
        List<R> out = new ArrayList<>();
        running.forEach(f -> out.addAll(await(f, what)));
        return out;
    }

    private <T> List<List<T>> slices(List<T> items) {
        int count = Math.max(1, Math.min(items.size(), 2 * threads));
        List<List<T>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) items.size() * i / count);
            int to = (int) ((long) items.size() * (i + 1) / count);
            if (to > from) {
                out.add(items.subList(from, to));
            }
        }
        return out;
    }

    private static List<SearchHit> firstK(List<SearchHit> hits, int k) {
        return hits.size() <= k ? hits : hits.subList(0, k);
    }

    private static <T> T await(Future<T> work, String what) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
