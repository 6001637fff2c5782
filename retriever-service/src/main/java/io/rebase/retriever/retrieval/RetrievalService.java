package io.rebase.retriever.retrieval;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rebase.contracts.Json;
import io.rebase.contracts.RetrievalSettings;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.retriever.config.RetrieverConfig;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.ingest.CellText;
import io.rebase.retriever.store.SearchHit;
import io.rebase.retriever.store.TieOrder;
import io.rebase.retriever.store.VectorPoint;
import io.rebase.retriever.store.VectorStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Retrieval for one task: embeds the task, gathers candidate rows by nearest-neighbour search per query
 * vector, re-scores every candidate exactly ({@link RowScorer}), then selects the top N under a per-dataset
 * share cap that holds for every prefix of the ranking, without near-duplicates or rows overlapping the
 * decontamination texts.
 */
@ApplicationScoped
public class RetrievalService {

    private static final Logger LOG = Logger.getLogger(RetrievalService.class);
    private static final int PAYLOAD_CHUNK = 500;

    /** A selection with the payloads of its rows. */
    public record Result(Selection selection, Map<String, Map<String, String>> cells, Map<String, List<String>> labelsByConfig) {
    }

    private final RetrieverConfig config;
    private final VectorStore store;
    private final Embedder embedder;
    private final CellText cellText;
    private final ColumnProfiles profiles = new ColumnProfiles();
    private final Timer latency;
    private final ExecutorService searchPool;
    private final int threads;

    public RetrievalService(RetrieverConfig config, VectorStore store, Embedder embedder, MeterRegistry metrics) {
        this.config = config;
        this.store = store;
        this.embedder = embedder;
        this.cellText = new CellText(config.skipColumns(), config.maxCellChars());
        this.latency = Timer.builder("rebase.retrieval.latency").description("time to retrieve and select a task's rows")
                .publishPercentiles(0.5, 0.95).register(metrics);
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.searchPool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vector-search");
            t.setDaemon(true);
            return t;
        });
    }

    /** Retrieves and selects the rows of {@code task}; {@code exact} searches by brute force instead of ANN. */
    public Result retrieve(TaskRequest task, boolean exact) {
        long start = System.nanoTime();
        RetrievalSettings s = task.retrieval();
        RetrieverConfig.Retrieval d = config.retrieval();
        int topRows = s != null && s.topRows() != null ? s.topRows() : d.topRows();
        double share = s != null && s.maxDatasetShare() != null ? s.maxDatasetShare() : d.maxDatasetShare();
        double dupThreshold = s != null && s.nearDuplicateThreshold() != null ? s.nearDuplicateThreshold() : d.nearDuplicateThreshold();
        Weights weights = new Weights(
                s != null && s.inputWeight() != null ? s.inputWeight() : d.inputWeight(),
                s != null && s.outputWeight() != null ? s.outputWeight() : d.outputWeight(),
                s != null && s.descriptionWeight() != null ? s.descriptionWeight() : d.descriptionWeight(),
                d.labelWeight(), d.extractiveWeight(), d.shapeWeight());
        Set<String> excluded = new LinkedHashSet<>();
        Map<String, RowScorer.ConfigInfo> configs = new HashMap<>();
        Map<String, List<String>> labelsByConfig = new HashMap<>();
        Set<String> otherModel = new java.util.HashSet<>();
        List<ConfigEntity> registered = QuarkusTransaction.requiringNew().call(() -> ConfigEntity.<ConfigEntity>listAll());
        // also read with the shape weight at 0: an extractive task's candidates come from the extractive sets too
        Map<String, ColumnProfiles.Profile> shapes = profiles.of(ofThisModel(registered));
        Set<String> excludedNames = new java.util.HashSet<>();
        if (s != null && s.excludeDatasets() != null) {
            s.excludeDatasets().forEach(n -> excludedNames.add(n.trim().toLowerCase(Locale.ROOT)));
        }
        for (ConfigEntity c : registered) {
            if (!embedder.name().equals(c.embeddingModel)) {
                // its vectors live in another model's space (another Lucene folder, another Qdrant collection):
                // unusable until it is re-ingested; rows this model embedded before a switch may still be in its index
                otherModel.add(c.id);
                continue;
            }
            configs.put(c.id, new RowScorer.ConfigInfo(Vectors.fromBytes(c.descriptionVector), c.labelList(),
                    shapes.getOrDefault(c.id, ColumnProfiles.Profile.NONE)));
            labelsByConfig.put(c.id, c.labelList());
            if (excludedNames.contains(c.dataset.toLowerCase(Locale.ROOT))) {
                excluded.add(c.dataset);
            }
        }

        if (!otherModel.isEmpty()) {
            LOG.warnf("%d configs (%s...) were embedded by another model than %s and are left out: ingest them again",
                    otherModel.size(), otherModel.iterator().next(), embedder.name());
        }
        // Names not (yet) registered are excluded too: a dataset ingested later must not slip in.
        Set<String> filter = new java.util.HashSet<>(excluded);
        if (s != null && s.excludeDatasets() != null) {
            s.excludeDatasets().forEach(n -> filter.add(n.trim()));
        }
        ForeignLabels foreign = ForeignLabels.of(task, labelsByConfig, excludedNames,
                d.foreignLabels() == RetrieverConfig.ForeignLabels.SKIP);
        // a dataset all of whose configs are foreign is not searched at all, so that it spends none of the k neighbours
        filter.addAll(foreign.wholeDatasets(labelsByConfig.keySet()));
        long t0 = System.nanoTime();
        TaskQueries queries = TaskQueries.of(task, embedder, cellText);
        long t1 = System.nanoTime();
        Set<String> candidates = gather(queries, filter, exact || d.exact());
        candidates.addAll(gatherByDescription(queries, configs, filter, exact || d.exact(),
                task.taskType() == TaskType.EXTRACTIVE_QA));
        long t2 = System.nanoTime();
        Map<String, List<VectorPoint>> points = fetch(candidates);
        long t3 = System.nanoTime();
        RowScorer scorer = new RowScorer(queries, weights, task.labels() == null ? List.of() : task.labels(),
                task.taskType() == TaskType.EXTRACTIVE_QA,
                task.taskType() == TaskType.CLASSIFICATION || task.taskType() == TaskType.MULTIPLE_CHOICE, configs);
        List<ScoredRow> ranked = new ArrayList<>(points.size());
        List<Future<List<ScoredRow>>> scoring = new ArrayList<>();
        for (List<Map.Entry<String, List<VectorPoint>>> slice : slices(new ArrayList<>(points.entrySet()))) {
            scoring.add(searchPool.submit(() -> {
                List<ScoredRow> scored = new ArrayList<>(slice.size());
                for (Map.Entry<String, List<VectorPoint>> row : slice) {
                    VectorPoint first = row.getValue().get(0);
                    String configId = first.dataset() + "/" + first.config();
                    if (!filter.contains(first.dataset()) && !excludedNames.contains(first.dataset().toLowerCase(Locale.ROOT))
                            && !otherModel.contains(configId) && !foreign.skipsUnscored(configId)) {
                        ScoredRow r = scorer.score(row.getKey(), row.getValue());
                        if (!foreign.skipsScored(configId, r)) {
                            scored.add(r);
                        }
                    }
                }
                return scored;
            }));
        }
        scoring.forEach(f -> ranked.addAll(await(f, "row scoring")));
        ranked.sort(Comparator.comparingDouble((ScoredRow r) -> r.scores().combined()).reversed()
                .thenComparing(ScoredRow::rowId));

        long t4 = System.nanoTime();
        Decontamination decontamination = new Decontamination(s == null ? null : s.decontaminationTexts(), d.decontaminationNgram());
        Payloads payloads = new Payloads(ranked);
        int maxPerDataset = Math.max(1, (int) Math.floor(share * topRows));
        List<ScoredRow> selected = new ArrayList<>();
        Map<String, Long> perDataset = new TreeMap<>();
        Map<String, ArrayDeque<ScoredRow>> queues = new LinkedHashMap<>();
        ranked.forEach(r -> queues.computeIfAbsent(r.dataset(), k -> new ArrayDeque<>()).add(r));
        NearDuplicates duplicates = new NearDuplicates(dupThreshold, embedder.dimension());
        LabelQuotas quotas = task.taskType() == TaskType.CLASSIFICATION && d.labelBalance()
                ? LabelQuotas.of(task.labels(), topRows, share) : LabelQuotas.of(List.of(), topRows, share);
        List<ScoredRow> deferred = new ArrayList<>();
        Map<Skip, Integer> skipped = new java.util.EnumMap<>(Skip.class);
        while (selected.size() < topRows) {
            // Every prefix of the ranking honours the share cap where the pool allows (so the top 1,000 of 3,000
            // are as diverse as the whole); with too few datasets left it falls back to the cap on the total.
            long prefixAllowed = Math.max(1, Math.min(maxPerDataset, (long) Math.floor(share * (selected.size() + 1))));
            ScoredRow best = bestHead(queues, perDataset, prefixAllowed);
            if (best == null) {
                best = bestHead(queues, perDataset, maxPerDataset);
            }
            if (best == null) {
                break;
            }
            queues.get(best.dataset()).poll();
            String label = quotas.labelOf(best);
            if (quotas.full(label, best.dataset())) {
                deferred.add(best);
                continue;
            }
            Skip skip = skip(best, payloads, decontamination, duplicates);
            if (skip != null) {
                skipped.merge(skip, 1, Integer::sum);
                continue;
            }
            selected.add(best);
            quotas.count(label, best.dataset());
            perDataset.merge(best.dataset(), 1L, Long::sum);
        }
        // Too few rows of the other labels or datasets: the best rows over their label's (or their dataset's part of
        // it) share fill the selection.
        if (selected.size() < topRows && !deferred.isEmpty()) {
            payloads.load(deferred.stream().limit(2L * (topRows - selected.size())).map(ScoredRow::rowId).toList());
        }
        for (ScoredRow row : deferred) {
            if (selected.size() >= topRows) {
                break;
            }
            if (perDataset.getOrDefault(row.dataset(), 0L) >= maxPerDataset) {
                continue;
            }
            Skip skip = skip(row, payloads, decontamination, duplicates);
            if (skip != null) {
                skipped.merge(skip, 1, Integer::sum);
                continue;
            }
            selected.add(row);
            quotas.count(quotas.labelOf(row), row.dataset());
            perDataset.merge(row.dataset(), 1L, Long::sum);
        }
        Map<String, Map<String, String>> cells = new HashMap<>();
        payloads.load(selected.stream().map(ScoredRow::rowId).toList());
        selected.forEach(r -> cells.put(r.rowId(), payloads.get(r.rowId())));

        LOG.debugf("task %s phases (ms): embed %d, search %d, fetch %d, score %d, select+payloads %d", task.taskId(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                (System.nanoTime() - t4) / 1_000_000);
        int missing = skipped.getOrDefault(Skip.MISSING, 0);
        int contaminated = skipped.getOrDefault(Skip.CONTAMINATED, 0);
        int dupDropped = skipped.getOrDefault(Skip.DUPLICATE, 0);
        if (missing > 0) {
            LOG.warnf("task %s: %d candidate rows have no payload in the registry (index and registry out of step)", task.taskId(), missing);
        }
        Map<String, Double> stats = new LinkedHashMap<>();
        if (!selected.isEmpty()) {
            stats.put("min", selected.stream().mapToDouble(r -> r.scores().combined()).min().orElse(0));
            stats.put("mean", Math.round(selected.stream().mapToDouble(r -> r.scores().combined()).average().orElse(0) * 1e6) / 1e6);
            stats.put("max", selected.stream().mapToDouble(r -> r.scores().combined()).max().orElse(0));
        }
        stats.putAll(Relevance.of(queries, selected));
        long nanos = System.nanoTime() - start;
        latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        Selection selection = new Selection(task.taskId(), Instant.now(), selected, perDataset, quotas.mix(), ranked.size(),
                dupDropped, contaminated, List.copyOf(excluded), foreign.configs(), foreign.skippedRows(), maxPerDataset, stats, nanos / 1_000_000, exact || d.exact());
        LOG.infof("task %s: %d rows selected of %d candidates in %d ms (%d near-duplicates, %d contaminated dropped) mix %s labels %s%s",
                task.taskId(), selected.size(), ranked.size(), nanos / 1_000_000, dupDropped, contaminated, perDataset, quotas.mix(),
                foreign.skippedRows() == 0 && foreign.configs().isEmpty() ? ""
                        : ", skipped for their labels: " + foreign.skippedRows() + " candidates, configs " + foreign.configs());
        return new Result(selection, cells, labelsByConfig);
    }

    /** What {@link #warmUp} read. */
    public record WarmUp(int configsProfiled, int searches, int rowsFetched, long millis) {
    }

    /**
     * Reads what the first task after a start would otherwise read cold: the column profiles of every config of this
     * model (sampled from the registry) and, for up to {@code searches} configs, an ANN search with its description
     * vector, tie expansion and the cells of the rows found (index pages, doc values, the JIT's hot paths). The first
     * MNLI retrieval on the uncapped store took 7.6-9.8 s cold against 1.7 s warm.
     */
    public WarmUp warmUp(int searches) {
        long start = System.nanoTime();
        List<ConfigEntity> mine = ofThisModel(QuarkusTransaction.requiringNew().call(() -> ConfigEntity.<ConfigEntity>listAll()));
        if (mine.isEmpty()) {
            return new WarmUp(0, 0, 0, 0);
        }
        profiles.of(mine);
        int done = 0;
        int fetched = 0;
        for (ConfigEntity c : mine) {
            if (done >= searches) {
                break;
            }
            if (c.descriptionVector == null) {
                continue;
            }
            float[] query = Vectors.fromBytes(c.descriptionVector);
            Set<String> rows = expandTies(nearest(query, Set.of(), false), Set.of(), null);
            fetched += fetch(rows).size();
            done++;
        }
        return new WarmUp(mine.size(), done, fetched, (System.nanoTime() - start) / 1_000_000);
    }

    /** Why a candidate is not selected (besides the share caps). */
    private enum Skip {
        /** An index entry without a registry row (e.g. a registry reset under a kept index): nothing to publish. */
        MISSING,
        /** It shares a word n-gram with the task's decontamination texts. */
        CONTAMINATED,
        /** A better row with nearly the same cells was selected. */
        DUPLICATE
    }

    /** Why {@code row} cannot be selected, null when it can; a row that can is remembered for the duplicate check. */
    private static Skip skip(ScoredRow row, Payloads payloads, Decontamination decontamination, NearDuplicates duplicates) {
        Map<String, String> payload = payloads.get(row.rowId());
        if (payload.isEmpty()) {
            return Skip.MISSING;
        }
        if (!decontamination.isEmpty() && decontamination.contaminated(payload.values())) {
            return Skip.CONTAMINATED;
        }
        return duplicates.duplicateElseKeep(row.vector()) ? Skip.DUPLICATE : null;
    }

    private static List<SearchHit> firstK(List<SearchHit> hits, int k) {
        return hits.size() <= k ? hits : hits.subList(0, k);
    }

    private static ScoredRow bestHead(Map<String, ArrayDeque<ScoredRow>> queues, Map<String, Long> perDataset, long allowed) {
        ScoredRow best = null;
        for (Map.Entry<String, ArrayDeque<ScoredRow>> q : queues.entrySet()) {
            ScoredRow head = q.getValue().peek();
            if (head != null && perDataset.getOrDefault(q.getKey(), 0L) < allowed
                    && (best == null || head.scores().combined() > best.scores().combined())) {
                best = head;
            }
        }
        return best;
    }

    /**
     * Candidates from the datasets whose description best matches the instruction and, for an extractive QA task,
     * from every dataset whose rows have the task's format (an answer inside a passage, see
     * {@link ColumnProfiles.Profile#extractive()}), searched within each of them with the mean of the task's inputs:
     * rows of such a dataset whose texts are far from the examples (another domain: product reviews for a Wikipedia
     * task) are otherwise never among the nearest cells of any query, however well they fit the task's format.
     */
    private Set<String> gatherByDescription(TaskQueries queries, Map<String, RowScorer.ConfigInfo> configs, Set<String> excluded,
                                            boolean exact, boolean extractiveTask) {
        int datasets = config.retrieval().descriptionDatasets();
        Set<String> rows = new LinkedHashSet<>();
        if ((datasets <= 0 && !extractiveTask) || queries.inputs().isEmpty()) {
            return rows;
        }
        Map<String, Double> best = new HashMap<>();
        configs.forEach((id, info) -> {
            String dataset = id.substring(0, id.indexOf('/'));
            if (info.description() != null && !excluded.contains(dataset)) {
                best.merge(dataset, (double) Embedder.dot(info.description(), queries.instruction()), Math::max);
            }
        });
        List<float[]> inputs = new ArrayList<>();
        queries.inputs().values().forEach(inputs::addAll);
        float[] mean = Vectors.meanUnit(inputs);
        int k = config.retrieval().descriptionK();
        Set<String> chosen = new LinkedHashSet<>();
        best.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, datasets)).forEach(e -> chosen.add(e.getKey()));
        if (extractiveTask) {
            configs.forEach((id, info) -> {
                String dataset = id.substring(0, id.indexOf('/'));
                if (info.profile().extractive() && !excluded.contains(dataset)) {
                    chosen.add(dataset);
                }
            });
        }
        Map<String, Future<List<SearchHit>>> searches = new LinkedHashMap<>();
        chosen.forEach(dataset -> searches.put(dataset, searchPool.submit(() -> exact ? store.exactSearchWithin(mean, k, dataset)
                : firstK(store.searchWithin(mean, ef(k), dataset), k))));
        searches.forEach((dataset, f) -> rows.addAll(expandTies(result(f), excluded, dataset)));
        return rows;
    }

    private Set<String> gather(TaskQueries queries, Set<String> excluded, boolean exact) {
        List<Future<List<SearchHit>>> searches = new ArrayList<>();
        for (float[] q : queries.searchVectors()) {
            searches.add(searchPool.submit(() -> nearest(q, excluded, exact)));
        }
        List<SearchHit> hits = new ArrayList<>();
        searches.forEach(f -> hits.addAll(result(f)));
        return expandTies(hits, excluded, null);
    }

    /** The ann-k cells nearest to {@code query}, by ANN or exact search. */
    private List<SearchHit> nearest(float[] query, Set<String> excluded, boolean exact) {
        int k = config.retrieval().annK();
        return exact ? store.exactSearch(query, k, excluded) : firstK(store.search(query, ef(k), excluded), k);
    }

    /** The configs whose vectors the current embedding model wrote (the others live in another vector space). */
    private List<ConfigEntity> ofThisModel(List<ConfigEntity> configs) {
        return configs.stream().filter(c -> embedder.name().equals(c.embeddingModel)).toList();
    }

    /** HNSW explores about k candidates: asking for more and keeping the best k raises recall. */
    private int ef(int k) {
        return Math.max(k, (int) Math.round(k * config.retrieval().annEfFactor()));
    }

    private static List<SearchHit> result(Future<List<SearchHit>> search) {
        return await(search, "vector search");
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

    /** The cells of the candidate rows, read in slices on all cores: with tens of thousands of rows it is a large share of a task's latency. */
    private Map<String, List<VectorPoint>> fetch(Set<String> rowIds) {
        List<Future<Map<String, List<VectorPoint>>>> reads = new ArrayList<>();
        for (List<String> slice : slices(new ArrayList<>(rowIds))) {
            reads.add(searchPool.submit(() -> store.pointsOfRows(slice)));
        }
        Map<String, List<VectorPoint>> points = new HashMap<>(rowIds.size() * 2);
        reads.forEach(f -> points.putAll(await(f, "reading candidate rows")));
        return points;
    }

    /** Contiguous slices of {@code items}, two per search thread (so that an uneven slice does not idle a core). */
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

    /**
     * The rows of {@code hits}, ties made deterministic: a hit whose text other cells share (equal vectors, so
     * which copies a k-nearest search returns is arbitrary) stands for the first {@code tie-expansion-max} rows
     * per dataset holding that text in {@link TieOrder}, whichever copy was found; hits without a text hash stand for their row.
     */
    private Set<String> expandTies(List<SearchHit> hits, Set<String> excluded, String onlyDataset) {
        Set<String> hashes = new LinkedHashSet<>();
        hits.forEach(h -> {
            if (h.textHash() != null) {
                hashes.add(h.textHash());
            }
        });
        Map<String, List<String>> tied = hashes.isEmpty() ? Map.of()
                : store.rowsOfTexts(hashes, config.retrieval().tieExpansionMax(), excluded, onlyDataset);
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

    /** Row payloads from the registry, loaded in chunks along the ranking as the selection walks it. */
    private static final class Payloads {
        private final List<ScoredRow> ranked;
        private final Map<String, Integer> position = new HashMap<>();
        private final Map<String, Map<String, String>> loaded = new HashMap<>();

        Payloads(List<ScoredRow> ranked) {
            this.ranked = ranked;
            for (int i = 0; i < ranked.size(); i++) {
                position.put(ranked.get(i).rowId(), i);
            }
        }

        Map<String, String> get(String rowId) {
            if (!loaded.containsKey(rowId)) {
                List<String> chunk = new ArrayList<>();
                chunk.add(rowId);
                int from = position.getOrDefault(rowId, ranked.size());
                for (int i = from + 1; i < ranked.size() && chunk.size() < PAYLOAD_CHUNK; i++) {
                    if (!loaded.containsKey(ranked.get(i).rowId())) {
                        chunk.add(ranked.get(i).rowId());
                    }
                }
                load(chunk);
            }
            return loaded.getOrDefault(rowId, Map.of());
        }

        @SuppressWarnings("unchecked")
        void load(List<String> rowIds) {
            List<String> missing = rowIds.stream().filter(r -> !loaded.containsKey(r)).toList();
            for (int i = 0; i < missing.size(); i += PAYLOAD_CHUNK) {
                List<String> chunk = missing.subList(i, Math.min(missing.size(), i + PAYLOAD_CHUNK));
                List<RowEntity> rows = QuarkusTransaction.requiringNew().call(() -> RowEntity.list("rowId in ?1", chunk));
                for (RowEntity r : rows) {
                    loaded.put(r.rowId, Json.read(r.cells, Map.class));
                }
                chunk.forEach(r -> loaded.putIfAbsent(r, Map.of()));
            }
        }
    }
}
