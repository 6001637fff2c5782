package io.rebase.retriever.retrieval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Walks a task's ranking and selects its top N rows:
 * <ul>
 *   <li>a per-dataset share cap that holds for every prefix of the selection (so the top 1,000 of 3,000 are as
 *       diverse as the whole), falling back to the cap on the total when too few datasets are left;</li>
 *   <li>label quotas ({@link LabelQuotas}): a row over its label's share (or its dataset's part of it) is deferred, and
 *       the deferred rows fill what the other labels cannot, in rank order;</li>
 *   <li>skip rules ({@link Skip}): rows without a payload, rows overlapping the decontamination texts, near-duplicates
 *       of rows already selected.</li>
 * </ul>
 * One selector serves one task.
 */
final class Selector {

    /** Why a candidate is not selected (besides the caps). */
    enum Skip {
        /** An index entry without a registry row (e.g. a registry reset under a kept index): nothing to publish. */
        MISSING,
        /** It shares a word n-gram with the task's decontamination texts. */
        CONTAMINATED,
        /** A better row with nearly the same cells was selected. */
        DUPLICATE
    }

    /**
     * What the selection chose.
     *
     * @param rows    the selected rows, rank 1 first
     * @param cells   their payloads by row id
     * @param perDataset rows per dataset
     * @param labelMix   rows per task label, see {@link LabelQuotas#mix()}
     * @param skipped    candidates skipped, by reason
     */
    record Outcome(List<ScoredRow> rows, Map<String, Map<String, String>> cells, Map<String, Long> perDataset,
                   Map<String, Integer> labelMix, Map<Skip, Integer> skipped) {

        int skipped(Skip reason) {
            return skipped.getOrDefault(reason, 0);
        }
    }

    private final int topRows;
    private final double share;
    private final int maxPerDataset;
    private final LabelQuotas quotas;
    private final Decontamination decontamination;
    private final NearDuplicates duplicates;
    private final Function<List<String>, Map<String, Map<String, String>>> payloadSource;
    private final List<ScoredRow> selected = new ArrayList<>();
    private final Map<String, Long> perDataset = new TreeMap<>();
    private final Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
    private Payloads payloads;

    /**
     * @param dimension     of the cell vectors (near-duplicate check)
     * @param payloadSource reads the stored payloads of a list of row ids (absent ones left out)
     */
    Selector(RetrievalPlan plan, int dimension, Function<List<String>, Map<String, Map<String, String>>> payloadSource) {
        this.topRows = plan.topRows();
        this.share = plan.maxDatasetShare();
        this.maxPerDataset = plan.maxPerDataset();
        this.quotas = plan.quotas();
        this.decontamination = plan.decontamination();
        this.duplicates = new NearDuplicates(plan.nearDuplicateThreshold(), dimension);
        this.payloadSource = payloadSource;
    }

    /** Selects from {@code ranked} (best first). */
    Outcome select(List<ScoredRow> ranked) {
        payloads = new Payloads(ranked, payloadSource);
        List<ScoredRow> deferred = walk(ranked);
        fill(deferred);
        payloads.load(selected.stream().map(ScoredRow::rowId).toList());
        Map<String, Map<String, String>> cells = new HashMap<>();
        selected.forEach(r -> cells.put(r.rowId(), payloads.get(r.rowId())));
        return new Outcome(List.copyOf(selected), cells, perDataset, quotas.mix(), skipped);
    }

    /** Takes the best row allowed at each step under the prefix cap; returns the rows deferred for their label quota. */
    private List<ScoredRow> walk(List<ScoredRow> ranked) {
        Map<String, ArrayDeque<ScoredRow>> queues = new LinkedHashMap<>();
        ranked.forEach(r -> queues.computeIfAbsent(r.dataset(), k -> new ArrayDeque<>()).add(r));
        List<ScoredRow> deferred = new ArrayList<>();
        while (selected.size() < topRows) {
            long prefixAllowed = Math.max(1, Math.min(maxPerDataset, (long) Math.floor(share * (selected.size() + 1))));
            ScoredRow best = bestHead(queues, prefixAllowed);
            if (best == null) {
                best = bestHead(queues, maxPerDataset);
            }
            if (best == null) {
                break;
            }
            queues.get(best.dataset()).poll();
            String label = quotas.labelOf(best);
            if (quotas.full(label, best.dataset())) {
                deferred.add(best);
            } else {
                accept(best, label);
            }
        }
        return deferred;
    }

    /**
     * Too few rows of the other labels or datasets: the best rows over their label's (or their dataset's part of it)
     * share fill the selection, under the dataset cap on the total.
     */
    private void fill(List<ScoredRow> deferred) {
        if (selected.size() < topRows && !deferred.isEmpty()) {
            payloads.load(deferred.stream().limit(2L * (topRows - selected.size())).map(ScoredRow::rowId).toList());
        }
        for (ScoredRow row : deferred) {
            if (selected.size() >= topRows) {
                break;
            }
            if (perDataset.getOrDefault(row.dataset(), 0L) < maxPerDataset) {
                accept(row, quotas.labelOf(row));
            }
        }
    }

    /** Selects {@code row} unless a skip rule applies (then counts why). */
    private void accept(ScoredRow row, String label) {
        Skip skip = skip(row);
        if (skip != null) {
            skipped.merge(skip, 1, Integer::sum);
            return;
        }
        selected.add(row);
        quotas.count(label, row.dataset());
        perDataset.merge(row.dataset(), 1L, Long::sum);
    }

    /** Why {@code row} cannot be selected, null when it can; a row that can is remembered for the duplicate check. */
    private Skip skip(ScoredRow row) {
        Map<String, String> payload = payloads.get(row.rowId());
        if (payload.isEmpty()) {
            return Skip.MISSING;
        }
        if (!decontamination.isEmpty() && decontamination.contaminated(payload.values())) {
            return Skip.CONTAMINATED;
        }
        return duplicates.duplicateElseKeep(row.vector()) ? Skip.DUPLICATE : null;
    }

    private ScoredRow bestHead(Map<String, ArrayDeque<ScoredRow>> queues, long allowed) {
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
}
