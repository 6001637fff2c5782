package io.rebase.retriever.retrieval;

import io.rebase.contracts.RetrievalSettings;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.retriever.registry.RegisteredConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything one task's retrieval decides before it searches: the settings (the request's {@code retrieval} block over
 * the configured defaults, resolved once), the configs it may draw from, the datasets it leaves out and the foreign-label
 * rule ({@link ForeignLabels}).
 * <p>
 * Datasets are left out by one set, {@link #excluded()}: the datasets the request names (as written and as
 * registered, whatever the case), those a later ingest may add under these names, and the datasets all of whose
 * configs are foreign to a classification task. The search filters on it, so that excluded rows spend none of the k
 * neighbours; {@link #admits} applies it (case-insensitively for the requested names) to the rows found.
 */
public final class RetrievalPlan {

    private final TaskRequest task;
    private final int topRows;
    private final double maxDatasetShare;
    private final double nearDuplicateThreshold;
    private final Weights weights;
    private final boolean exact;
    private final boolean labelBalance;
    private final int decontaminationNgram;
    private final SearchSettings search;
    private final Map<String, RowScorer.ConfigInfo> configs;
    private final Map<String, List<String>> labelsByConfig;
    private final Set<String> otherModel;
    private final Set<String> requestedLowerCase;
    private final List<String> excludedByName;
    private final Set<String> excluded;
    private final ForeignLabels foreign;

    private RetrievalPlan(TaskRequest task, boolean exact, RetrievalDefaults defaults, Scope scope) {
        RetrievalSettings s = task.retrieval();
        this.task = task;
        this.topRows = or(s, RetrievalSettings::topRows, defaults.topRows());
        this.maxDatasetShare = or(s, RetrievalSettings::maxDatasetShare, defaults.maxDatasetShare());
        this.nearDuplicateThreshold = or(s, RetrievalSettings::nearDuplicateThreshold, defaults.nearDuplicateThreshold());
        Weights w = defaults.weights();
        this.weights = new Weights(or(s, RetrievalSettings::inputWeight, w.input()), or(s, RetrievalSettings::outputWeight, w.output()),
                or(s, RetrievalSettings::descriptionWeight, w.description()), w.labels(), w.extractive(), w.shape());
        this.exact = exact || defaults.exact();
        this.labelBalance = defaults.labelBalance();
        this.decontaminationNgram = defaults.decontaminationNgram();
        this.search = defaults.search();
        this.configs = scope.configs;
        this.labelsByConfig = scope.labelsByConfig;
        this.otherModel = scope.otherModel;
        this.requestedLowerCase = scope.requestedLowerCase;
        this.excludedByName = List.copyOf(scope.excludedByName);
        this.foreign = ForeignLabels.of(task, labelsByConfig, requestedLowerCase, defaults.skipForeignLabels());
        Set<String> out = new HashSet<>(scope.excludedByName);
        out.addAll(scope.requested);
        // a dataset all of whose configs are foreign is not searched at all, so that it spends none of the k neighbours
        out.addAll(foreign.wholeDatasets(labelsByConfig.keySet()));
        this.excluded = Set.copyOf(out);
    }

    /**
     * The plan of {@code task} over the {@code registered} configs; only those embedded by {@code model} are drawn
     * from ({@code profiles}: their column profiles by config id). {@code exact}: brute-force search for this task.
     */
    public static RetrievalPlan of(TaskRequest task, boolean exact, RetrievalDefaults defaults, String model,
                                   List<RegisteredConfig> registered, Map<String, ColumnProfiles.Profile> profiles) {
        return new RetrievalPlan(task, exact, defaults, Scope.of(task.retrieval(), model, registered, profiles));
    }

    /** The configs of this model, the datasets the request excludes by name, the configs of another model. */
    private static final class Scope {
        final Map<String, RowScorer.ConfigInfo> configs = new HashMap<>();
        final Map<String, List<String>> labelsByConfig = new HashMap<>();
        final Set<String> otherModel = new HashSet<>();
        final Set<String> requested = new HashSet<>();
        final Set<String> requestedLowerCase = new HashSet<>();
        final Set<String> excludedByName = new LinkedHashSet<>();

        static Scope of(RetrievalSettings s, String model, List<RegisteredConfig> registered,
                        Map<String, ColumnProfiles.Profile> profiles) {
            Scope scope = new Scope();
            if (s != null && s.excludeDatasets() != null) {
                // names not (yet) registered are excluded too: a dataset ingested later must not slip in
                s.excludeDatasets().forEach(n -> {
                    scope.requested.add(n.trim());
                    scope.requestedLowerCase.add(n.trim().toLowerCase(Locale.ROOT));
                });
            }
            for (RegisteredConfig c : registered) {
                if (!model.equals(c.embeddingModel())) {
                    // its vectors live in another model's space (another Lucene folder, another Qdrant collection):
                    // unusable until it is re-ingested; rows this model embedded before a switch may still be in its index
                    scope.otherModel.add(c.id());
                    continue;
                }
                scope.configs.put(c.id(), new RowScorer.ConfigInfo(c.description(), c.labels(),
                        profiles.getOrDefault(c.id(), ColumnProfiles.Profile.NONE)));
                scope.labelsByConfig.put(c.id(), c.labels());
                if (scope.requestedLowerCase.contains(c.dataset().toLowerCase(Locale.ROOT))) {
                    scope.excludedByName.add(c.dataset());
                }
            }
            return scope;
        }
    }

    private static <T> T or(RetrievalSettings s, Function<RetrievalSettings, T> field, T fallback) {
        T value = s == null ? null : field.apply(s);
        return value != null ? value : fallback;
    }

    /**
     * Whether a row of {@code dataset} and config {@code configId} found by the search may be scored: its dataset is
     * not excluded, its vectors are this model's, and its config is not foreign to the task (counted when it is).
     */
    boolean admits(String dataset, String configId) {
        return !excluded.contains(dataset) && !requestedLowerCase.contains(dataset.toLowerCase(Locale.ROOT))
                && !otherModel.contains(configId) && !foreign.skipsUnscored(configId);
    }

    /** Whether a scored row is left out for its output cell (a config without card labels, see {@link ForeignLabels}). */
    boolean dropsScored(String configId, ScoredRow row) {
        return foreign.skipsScored(configId, row);
    }

    /** The scorer of this task's rows over the configs of this model. */
    RowScorer scorer(TaskQueries queries) {
        return new RowScorer(queries, weights, task.labels() == null ? List.of() : task.labels(), extractiveTask(),
                task.taskType() == TaskType.CLASSIFICATION || task.taskType() == TaskType.MULTIPLE_CHOICE, configs);
    }

    /** The task's label quotas: equal shares for a classification task under label balance, none otherwise. */
    LabelQuotas quotas() {
        return task.taskType() == TaskType.CLASSIFICATION && labelBalance
                ? LabelQuotas.of(task.labels(), topRows, maxDatasetShare) : LabelQuotas.of(List.of(), topRows, maxDatasetShare);
    }

    /** The decontamination check of the request's texts. */
    Decontamination decontamination() {
        RetrievalSettings s = task.retrieval();
        return new Decontamination(s == null ? null : s.decontaminationTexts(), decontaminationNgram);
    }

    /** The share cap in rows: the most rows one dataset may hold. */
    public int maxPerDataset() {
        return Math.max(1, (int) Math.floor(maxDatasetShare * topRows));
    }

    public String taskId() {
        return task.taskId();
    }

    public TaskRequest task() {
        return task;
    }

    public boolean extractiveTask() {
        return task.taskType() == TaskType.EXTRACTIVE_QA;
    }

    public int topRows() {
        return topRows;
    }

    public double maxDatasetShare() {
        return maxDatasetShare;
    }

    public double nearDuplicateThreshold() {
        return nearDuplicateThreshold;
    }

    public Weights weights() {
        return weights;
    }

    public boolean exact() {
        return exact;
    }

    public SearchSettings search() {
        return search;
    }

    /** The configs of this model, by id. */
    public Map<String, RowScorer.ConfigInfo> configs() {
        return configs;
    }

    /** Card labels by config id, this model's configs. */
    public Map<String, List<String>> labelsByConfig() {
        return labelsByConfig;
    }

    /** Configs embedded by another model: left out until re-ingested. */
    public Set<String> otherModel() {
        return otherModel;
    }

    /** The datasets neither searched nor selected. */
    public Set<String> excluded() {
        return excluded;
    }

    /** The registered datasets the request excludes by name, in registry order. */
    public List<String> excludedByName() {
        return excludedByName;
    }

    /** Configs foreign to the task's labels, sorted. */
    public List<String> foreignConfigs() {
        return foreign.configs();
    }

    /** Candidate rows skipped so far for their labels. */
    public int foreignRowsSkipped() {
        return foreign.skippedRows();
    }
}
