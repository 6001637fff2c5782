package io.rebase.retriever.retrieval;

import io.rebase.contracts.RowScores;
import io.rebase.contracts.TaskRequest;
import io.rebase.retriever.store.VectorPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rebase.retriever.retrieval.PlanFixtures.config;
import static io.rebase.retriever.retrieval.PlanFixtures.generationTask;
import static io.rebase.retriever.retrieval.PlanFixtures.plan;
import static io.rebase.retriever.retrieval.PlanFixtures.sentimentTask;
import static org.assertj.core.api.Assertions.assertThat;

/** The selection's caps, label quotas and skip rules on hand-made rankings. */
class SelectorTest {

    private static final int DIMENSION = 16;

    private final Map<String, Map<String, String>> stored = new HashMap<>();
    private final List<List<String>> reads = new ArrayList<>();
    private int nextVector;

    private Selector.Outcome select(TaskRequest task, List<ScoredRow> ranked) {
        RetrievalPlan plan = plan(task, List.of(config("a/default", List.of("positive", "negative")),
                config("b/default", List.of("positive", "negative"))));
        return new Selector(plan, DIMENSION, ids -> {
            reads.add(List.copyOf(ids));
            Map<String, Map<String, String>> out = new HashMap<>();
            ids.forEach(id -> {
                if (stored.containsKey(id)) {
                    out.put(id, stored.get(id));
                }
            });
            return out;
        }).select(ranked);
    }

    /** A stored row of {@code dataset} with a vector of its own (no near-duplicate of any other). */
    private ScoredRow row(String dataset, int index, double combined, String label) {
        float[] vector = new float[DIMENSION];
        vector[nextVector++ % DIMENSION] = 1;
        return row(dataset, index, combined, label, vector);
    }

    private ScoredRow row(String dataset, int index, double combined, String label, float[] vector) {
        String rowId = dataset + "/default/" + index;
        stored.put(rowId, Map.of("text", "row " + rowId, "label", label == null ? "" : label));
        return new ScoredRow(rowId, dataset, "default", index, new RowScores(0, 0, 0, combined, "text", "label"), 0, 0, 1,
                List.of("text", "label"), List.of(vector), label == null ? null : VectorPoint.textHashOf(label));
    }

    private static List<String> ids(Selector.Outcome outcome) {
        return outcome.rows().stream().map(ScoredRow::rowId).toList();
    }

    @Test
    void theDatasetShareCapHoldsForEveryPrefixOfTheSelection() {
        List<ScoredRow> ranked = List.of(row("a", 0, 0.9, null), row("a", 1, 0.8, null), row("a", 2, 0.7, null),
                row("b", 0, 0.5, null), row("b", 1, 0.4, null), row("b", 2, 0.3, null));

        Selector.Outcome outcome = select(generationTask("{\"topRows\": 4, \"maxDatasetShare\": 0.5}"), ranked);

        // by score alone a's three rows would lead; every prefix holds at most half of one dataset (at least one row)
        assertThat(ids(outcome)).containsExactly("a/default/0", "b/default/0", "a/default/1", "b/default/1");
        assertThat(outcome.perDataset()).containsEntry("a", 2L).containsEntry("b", 2L);
    }

    @Test
    void withTooFewDatasetsLeftTheCapOnTheTotalApplies() {
        List<ScoredRow> ranked = List.of(row("a", 0, 0.9, null), row("a", 1, 0.8, null), row("a", 2, 0.7, null),
                row("a", 3, 0.6, null), row("b", 0, 0.1, null));

        Selector.Outcome outcome = select(generationTask("{\"topRows\": 5, \"maxDatasetShare\": 0.6}"), ranked);

        assertThat(ids(outcome)).containsExactly("a/default/0", "b/default/0", "a/default/1", "a/default/2");
    }

    @Test
    void rowsOverTheirLabelsShareFillWhatTheOtherLabelsCannot() {
        List<ScoredRow> ranked = List.of(row("a", 0, 0.9, "positive"), row("a", 1, 0.8, "positive"),
                row("a", 2, 0.7, "positive"), row("a", 3, 0.6, "positive"), row("a", 4, 0.2, "negative"));

        Selector.Outcome outcome = select(sentimentTask("{\"topRows\": 4, \"maxDatasetShare\": 1.0}", null), ranked);

        // shares of 2: the third positive row waits until the negative rows run out
        assertThat(ids(outcome)).containsExactly("a/default/0", "a/default/1", "a/default/4", "a/default/2");
        assertThat(outcome.labelMix()).containsExactlyInAnyOrderEntriesOf(Map.of("positive", 3, "negative", 1));
    }

    @Test
    void oneDatasetHoldsAtMostTheDatasetShareOfEachLabel() {
        List<ScoredRow> ranked = List.of(row("a", 0, 0.9, "positive"), row("a", 1, 0.85, "positive"),
                row("a", 2, 0.8, "negative"), row("a", 3, 0.75, "negative"),
                row("b", 0, 0.5, "positive"), row("b", 1, 0.45, "negative"));

        Selector.Outcome outcome = select(sentimentTask("{\"topRows\": 4, \"maxDatasetShare\": 0.5}", null), ranked);

        // shares of 2 per label, one of them per dataset
        assertThat(ids(outcome)).containsExactly("a/default/0", "b/default/0", "a/default/2", "b/default/1");
    }

    @Test
    void rowsWithoutPayloadContaminatedRowsAndNearDuplicatesAreSkippedAndCounted() {
        float[] shared = new float[DIMENSION];
        shared[DIMENSION - 1] = 1;
        ScoredRow missing = row("a", 0, 0.9, null);
        stored.remove(missing.rowId());
        ScoredRow kept = row("a", 1, 0.8, null, shared);
        ScoredRow duplicate = row("a", 2, 0.7, null, shared);
        ScoredRow contaminated = row("a", 3, 0.6, null);
        stored.put(contaminated.rowId(), Map.of("text", "the quick brown fox jumps over the lazy dog again"));
        List<ScoredRow> ranked = List.of(missing, kept, duplicate, contaminated, row("a", 4, 0.5, null));

        Selector.Outcome outcome = select(generationTask("""
                {"topRows": 3, "maxDatasetShare": 1.0,
                 "decontaminationTexts": ["Yesterday the quick brown fox jumps over the lazy dog."]}"""), ranked);

        assertThat(ids(outcome)).containsExactly("a/default/1", "a/default/4");
        assertThat(outcome.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Selector.Skip.MISSING, 1, Selector.Skip.DUPLICATE, 1, Selector.Skip.CONTAMINATED, 1));
        assertThat(outcome.cells()).containsOnlyKeys("a/default/1", "a/default/4");
        assertThat(outcome.cells().get("a/default/4")).containsEntry("text", "row a/default/4");
    }

    @Test
    void payloadsAreReadInChunksAlongTheRanking() {
        List<ScoredRow> ranked = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            ranked.add(row("a", i, 1.0 - i / 10_000.0, null, unit(i)));
        }

        Selector.Outcome outcome = select(generationTask("{\"topRows\": 3, \"maxDatasetShare\": 1.0}"), ranked);

        assertThat(outcome.rows()).hasSize(3);
        // the first row's read brings the next 499 with it: one read for the whole selection
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0)).hasSize(Payloads.CHUNK).startsWith("a/default/0", "a/default/1");
    }

    /** Pairwise far-apart unit vectors: signs from the bits of {@code i}, so no two are near-duplicates. */
    private static float[] unit(int i) {
        float[] v = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) {
            v[d] = ((i >> (d % 11)) & 1) == 0 ? 1 : -1;
            if (d >= 11) {
                v[d] = (d + i) % 2 == 0 ? 1 : -1;
            }
        }
        return io.rebase.retriever.embedding.Embedder.normalise(v);
    }
}
