package io.rebase.retriever.retrieval;

import io.micrometer.core.instrument.Timer;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.ingest.CellText;
import io.rebase.retriever.registry.RegisteredConfig;
import io.rebase.retriever.registry.Registry;
import io.rebase.retriever.store.VectorPoint;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Retrieval for one task, stage by stage: the {@link RetrievalPlan} (settings, configs, exclusions), the task's
 * query vectors ({@link TaskQueries}), the {@link CandidateSearch}, exact re-scoring of every candidate
 * ({@link RowScorer}) and the {@link Selector}.
 */
public final class Retrieval {

    private static final Logger LOG = Logger.getLogger(Retrieval.class);

    /** A selection with the payloads of its rows and the card labels of every config it may draw from. */
    public record Result(Selection selection, Map<String, Map<String, String>> cells, Map<String, List<String>> labelsByConfig) {
    }

    /** What {@link #warmUp} read. */
    public record WarmUp(int configsProfiled, int searches, int rowsFetched, long millis) {
    }

    private final RetrievalDefaults defaults;
    private final Embedder embedder;
    private final Registry registry;
    private final CellText cellText;
    private final CandidateSearch search;
    private final ColumnProfiles profiles;
    private final Timer latency;

    public Retrieval(RetrievalDefaults defaults, Embedder embedder, Registry registry, CellText cellText,
                     CandidateSearch search, Timer latency) {
        this.defaults = defaults;
        this.embedder = embedder;
        this.registry = registry;
        this.cellText = cellText;
        this.search = search;
        this.profiles = new ColumnProfiles(registry);
        this.latency = latency;
    }

    /** Retrieves and selects the rows of {@code task}; {@code exact} searches by brute force instead of ANN. */
    public Result retrieve(TaskRequest task, boolean exact) {
        long start = System.nanoTime();
        RetrievalPlan plan = plan(task, exact);
        long t0 = System.nanoTime();
        TaskQueries queries = TaskQueries.of(task, embedder, cellText);
        long t1 = System.nanoTime();
        Map<String, List<VectorPoint>> points = search.fetch(search.candidates(queries, plan));
        long t2 = System.nanoTime();
        List<ScoredRow> ranked = rank(points, plan, queries);
        long t3 = System.nanoTime();
        Selector.Outcome outcome = new Selector(plan, embedder.dimension(), registry::payloads).select(ranked);
        LOG.debugf("task %s phases (ms): embed %d, search+fetch %d, score %d, select+payloads %d", task.taskId(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        long nanos = System.nanoTime() - start;
        latency.record(nanos, TimeUnit.NANOSECONDS);
        Selection selection = selection(plan, queries, outcome, ranked.size(), nanos / 1_000_000);
        log(plan, outcome, selection);
        return new Result(selection, outcome.cells(), plan.labelsByConfig());
    }

    private RetrievalPlan plan(TaskRequest task, boolean exact) {
        List<RegisteredConfig> registered = registry.configs();
        // also read with the shape weight at 0: an extractive task's candidates come from the extractive sets too
        Map<String, ColumnProfiles.Profile> shapes = profiles.of(ofThisModel(registered));
        RetrievalPlan plan = RetrievalPlan.of(task, exact, defaults, embedder.name(), registered, shapes);
        if (!plan.otherModel().isEmpty()) {
            LOG.warnf("%d configs (%s...) were embedded by another model than %s and are left out: ingest them again",
                    plan.otherModel().size(), plan.otherModel().iterator().next(), embedder.name());
        }
        return plan;
    }

    /** Every admitted candidate scored exactly, best first (ties by row id), on all cores. */
    private List<ScoredRow> rank(Map<String, List<VectorPoint>> points, RetrievalPlan plan, TaskQueries queries) {
        RowScorer scorer = plan.scorer(queries);
        List<ScoredRow> ranked = search.inSlices(new ArrayList<>(points.entrySet()), slice -> {
            List<ScoredRow> scored = new ArrayList<>(slice.size());
            for (Map.Entry<String, List<VectorPoint>> row : slice) {
                VectorPoint first = row.getValue().get(0);
                String configId = first.dataset() + "/" + first.config();
                if (plan.admits(first.dataset(), configId)) {
                    ScoredRow r = scorer.score(row.getKey(), row.getValue());
                    if (!plan.dropsScored(configId, r)) {
                        scored.add(r);
                    }
                }
            }
            return scored;
        }, "row scoring");
        ranked.sort(Comparator.comparingDouble((ScoredRow r) -> r.scores().combined()).reversed().thenComparing(ScoredRow::rowId));
        return ranked;
    }

    private static Selection selection(RetrievalPlan plan, TaskQueries queries, Selector.Outcome outcome, int candidates, long millis) {
        List<ScoredRow> selected = outcome.rows();
        Map<String, Double> stats = new LinkedHashMap<>();
        if (!selected.isEmpty()) {
            stats.put("min", selected.stream().mapToDouble(r -> r.scores().combined()).min().orElse(0));
            stats.put("mean", Math.round(selected.stream().mapToDouble(r -> r.scores().combined()).average().orElse(0) * 1e6) / 1e6);
            stats.put("max", selected.stream().mapToDouble(r -> r.scores().combined()).max().orElse(0));
        }
        stats.putAll(Relevance.of(queries, selected));
        return new Selection(plan.taskId(), Instant.now(), selected, outcome.perDataset(), outcome.labelMix(), candidates,
                outcome.skipped(Selector.Skip.DUPLICATE), outcome.skipped(Selector.Skip.CONTAMINATED), plan.excludedByName(),
                plan.foreignConfigs(), plan.foreignRowsSkipped(), plan.maxPerDataset(), stats, millis, plan.exact());
    }

    private static void log(RetrievalPlan plan, Selector.Outcome outcome, Selection s) {
        int missing = outcome.skipped(Selector.Skip.MISSING);
        if (missing > 0) {
            LOG.warnf("task %s: %d candidate rows have no payload in the registry (index and registry out of step)", s.taskId(), missing);
        }
        LOG.infof("task %s: %d rows selected of %d candidates in %d ms (%d near-duplicates, %d contaminated dropped) mix %s labels %s%s",
                s.taskId(), s.rows().size(), s.candidatesScored(), s.latencyMs(), s.nearDuplicatesDropped(), s.contaminatedDropped(),
                s.datasetMix(), s.labelMix(), s.foreignLabelRows() == 0 && s.foreignLabelConfigs().isEmpty() ? ""
                        : ", skipped for their labels: " + s.foreignLabelRows() + " candidates, configs " + s.foreignLabelConfigs());
    }

    /**
     * Reads what the first task after a start would otherwise read cold: the column profiles of every config of this
     * model (sampled from the registry) and, for up to {@code searches} configs, an ANN search with its description
     * vector, tie expansion and the cells of the rows found (index pages, doc values, the JIT's hot paths).
     */
    public WarmUp warmUp(int searches) {
        long start = System.nanoTime();
        List<RegisteredConfig> mine = ofThisModel(registry.configs());
        if (mine.isEmpty()) {
            return new WarmUp(0, 0, 0, 0);
        }
        profiles.of(mine);
        int done = 0;
        int fetched = 0;
        for (RegisteredConfig c : mine) {
            if (done >= searches) {
                break;
            }
            if (c.description() != null) {
                fetched += search.fetch(search.rowsNear(c.description(), defaults.search())).size();
                done++;
            }
        }
        return new WarmUp(mine.size(), done, fetched, (System.nanoTime() - start) / 1_000_000);
    }

    /** The configs whose vectors the current embedding model wrote (the others live in another vector space). */
    private List<RegisteredConfig> ofThisModel(List<RegisteredConfig> configs) {
        return configs.stream().filter(c -> embedder.name().equals(c.embeddingModel())).toList();
    }
}
