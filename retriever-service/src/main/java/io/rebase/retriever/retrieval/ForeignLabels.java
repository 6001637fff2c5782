package io.rebase.retriever.retrieval;

import io.rebase.contracts.LabelNames;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rows a classification task does not select because the offline mapping transformer could only reject them for
 * their labels (see {@code rebase.retriever.retrieval.foreign-labels}):
 * <ul>
 *   <li>every row of a config whose card labels share none of the task's ({@link LabelNames}: by name or synonym);</li>
 *   <li>a row of a config without card labels (QA, generation, a dataset ingested without a card) whose output-like
 *       cell names none of the task's labels: a label column it may have holds something else.</li>
 * </ul>
 * Nothing is skipped for a task whose rows an LLM will relabel, nor when no config shares a label with the task: its
 * labels are then named in a way only the transformer's label similarity can map, and the transformer decides.
 */
final class ForeignLabels {

    /** No rows skipped. */
    static final ForeignLabels NONE = new ForeignLabels(Set.of(), Set.of(), null);

    private final Set<String> foreignConfigs;
    private final Set<String> unlabelledConfigs;
    private final LabelSpellings spellings;
    private final AtomicInteger skippedRows = new AtomicInteger();

    private ForeignLabels(Set<String> foreignConfigs, Set<String> unlabelledConfigs, LabelSpellings spellings) {
        this.foreignConfigs = foreignConfigs;
        this.unlabelledConfigs = unlabelledConfigs;
        this.spellings = spellings;
    }

    /**
     * The rule for {@code task} over the configs it may draw from ({@code labelsByConfig}: config id to card labels,
     * empty when the card names none) and {@code excludedDatasets} (lower case); {@code skip} is the configured default
     * for tasks that name no transform mode.
     */
    static ForeignLabels of(TaskRequest task, Map<String, List<String>> labelsByConfig, Set<String> excludedDatasets, boolean skip) {
        if (task.taskType() != TaskType.CLASSIFICATION || task.labels() == null || task.labels().isEmpty()
                || !skips(task, skip)) {
            return NONE;
        }
        Set<String> foreign = new TreeSet<>();
        Set<String> unlabelled = new HashSet<>();
        boolean anyShared = false;
        for (Map.Entry<String, List<String>> c : labelsByConfig.entrySet()) {
            if (c.getValue().isEmpty()) {
                unlabelled.add(c.getKey());
            } else if (!LabelNames.anyShared(task.labels(), c.getValue())) {
                foreign.add(c.getKey());
            } else if (!excludedDatasets.contains(datasetOf(c.getKey()).toLowerCase(java.util.Locale.ROOT))) {
                anyShared = true;
            }
        }
        return anyShared ? new ForeignLabels(foreign, unlabelled, new LabelSpellings(task.labels())) : NONE;
    }

    /** The task's own transform mode decides ({@code llm} keeps, {@code mapping} skips), else the configuration. */
    private static boolean skips(TaskRequest task, boolean skip) {
        String mode = task.transform() == null || task.transform().mode() == null ? ""
                : task.transform().mode().trim().toLowerCase(java.util.Locale.ROOT);
        return switch (mode) {
            case "llm" -> false;
            case "mapping" -> true;
            default -> skip;
        };
    }

    /** Whether a candidate row of config {@code configId} is skipped before it is scored; counts it when it is. */
    boolean skipsUnscored(String configId) {
        return count(foreignConfigs.contains(configId));
    }

    /** Whether a scored row of config {@code configId} is skipped for its output cell; counts it when it is. */
    boolean skipsScored(String configId, ScoredRow row) {
        return count(unlabelledConfigs.contains(configId) && spellings.labelOf(row.outputTextHash()) == null);
    }

    private boolean count(boolean skipped) {
        if (skipped) {
            skippedRows.incrementAndGet();
        }
        return skipped;
    }

    /** The datasets all of whose configs (of {@code configIds}) are foreign: they need not be searched at all. */
    Set<String> wholeDatasets(Set<String> configIds) {
        if (foreignConfigs.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        foreignConfigs.forEach(id -> out.add(datasetOf(id)));
        configIds.stream().filter(id -> !foreignConfigs.contains(id)).forEach(id -> out.remove(datasetOf(id)));
        return out;
    }

    /** The foreign configs, sorted. */
    List<String> configs() {
        return List.copyOf(foreignConfigs);
    }

    /** Candidate rows skipped so far. */
    int skippedRows() {
        return skippedRows.get();
    }

    private static String datasetOf(String configId) {
        return configId.substring(0, configId.indexOf('/'));
    }
}
