package io.rebase.transformer.mapping;

import io.rebase.contracts.CandidateRow;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TrainingExample;
import io.rebase.transformer.Samples;
import io.rebase.transformer.domain.Outcome;
import io.rebase.transformer.domain.RejectReasons;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline mapping on rows of the bundled sample datastore, with the real in-process embedding model. */
class MappingTransformerTest {

    static MappingTransformer mapping;
    static TaskRequest nli;
    static TaskRequest sentiment;
    static TaskRequest qa;

    @BeforeAll
    static void load() {
        mapping = new MappingTransformer(new TextEmbedder(), MappingSettings.defaults());
        nli = Samples.task("mnli-nli", "nli-task");
        sentiment = Samples.task("sentiment", "sentiment-task");
        qa = Samples.task("squad-qa", "qa-task");
    }

    @Test
    void esnliRowsKeepTheirLabelAndTheirHumanExplanationAsRationale() {
        List<CandidateRow> rows = Samples.rows("esnli", nli, 30);
        for (CandidateRow row : rows) {
            TrainingExample e = example(mapping.transform(row));
            assertThat(e.input()).containsOnlyKeys("premise", "hypothesis");
            assertThat(e.input().get("premise")).isEqualTo(row.cells().get("premise"));
            assertThat(e.output()).isEqualTo(row.cells().get("label"));
            assertThat(e.rationale()).isEqualTo(row.cells().get("explanation_1").strip());
            assertThat(e.mode()).isEqualTo("mapping");
            assertThat(e.exampleId()).isEqualTo(TrainingExample.exampleIdOf("nli-task", row.rowId()));
            assertThat(e.source().rowId()).isEqualTo(row.rowId());
        }
    }

    @Test
    void scitailAndCommitmentBankMapWithoutInventedRationale() {
        for (String dataset : List.of("scitail", "commitmentbank")) {
            for (CandidateRow row : Samples.rows(dataset, nli, 30)) {
                TrainingExample e = example(mapping.transform(row));
                assertThat(e.output()).isIn("entailment", "neutral", "contradiction").isEqualTo(row.cells().get("label"));
                assertThat(e.rationale()).isEmpty();
            }
        }
    }

    @Test
    void notEntailmentIsAmbiguousForAThreeWayTaskButMapsOntoATwoWayOne() {
        CandidateRow row = Samples.row(nli, "fever_nli", 0, Map.of("premise", "A cat sat.", "hypothesis", "A dog sat.",
                "label", "not_entailment"), List.of("entailment", "not_entailment"));
        assertThat(reason(mapping.transform(row))).isEqualTo(RejectReasons.LABEL_NOT_MAPPABLE);

        TaskRequest twoWay = new TaskRequest("two-way", nli.instruction(), nli.taskType(), List.of("entailment", "neutral"),
                List.of(new io.rebase.contracts.TaskExample(Map.of("premise", "p", "hypothesis", "h"), "neutral", null)),
                null, null, null, null);
        CandidateRow same = Samples.row(twoWay, "fever_nli", 0, row.cells(), row.labels());
        assertThat(example(mapping.transform(same)).output()).isEqualTo("neutral");
    }

    @Test
    void sentimentRowsFromThreeDatasetsMapTextOntoSentence() {
        for (String dataset : List.of("rt_polarity", "sst2", "customer_reviews")) {
            for (CandidateRow row : Samples.rows(dataset, sentiment, 25)) {
                TrainingExample e = example(mapping.transform(row));
                assertThat(e.input()).containsOnlyKeys("sentence");
                String text = row.cells().containsKey("text") ? row.cells().get("text") : row.cells().get("sentence");
                assertThat(e.input().get("sentence")).isEqualTo(text.strip());
                assertThat(e.output()).isEqualTo(row.cells().get("label"));
            }
        }
    }

    @Test
    void labelSynonymsAndNumericLabelsNeedEvidence() {
        CandidateRow pos = Samples.row(sentiment, "x", 0, Map.of("text", "great film", "label", "POS"), null);
        assertThat(example(mapping.transform(pos)).output()).isEqualTo("positive");
        CandidateRow withNames = Samples.row(sentiment, "x", 1, Map.of("text", "dull", "label", "0"), List.of("negative", "positive"));
        assertThat(example(mapping.transform(withNames)).output()).isEqualTo("negative");
        CandidateRow bare = Samples.row(sentiment, "x", 2, Map.of("text", "dull", "label", "0"), null);
        assertThat(reason(mapping.transform(bare))).isEqualTo(RejectReasons.LABEL_NOT_MAPPABLE);
        CandidateRow subjective = Samples.row(sentiment, "subj", 3, Map.of("text", "a gem", "label", "subjective"), null);
        assertThat(reason(mapping.transform(subjective))).isEqualTo(RejectReasons.LABEL_NOT_MAPPABLE);
    }

    @Test
    void qaRowsFromThreeDatasetsKeepAnAnswerThatIsASpanOfTheContext() {
        for (String dataset : List.of("covid_qa", "tweetqa", "ropes")) {
            int examples = 0;
            for (CandidateRow row : Samples.rows(dataset, qa, 25)) {
                Outcome o = mapping.transform(row);
                if (o instanceof Outcome.Transformed t) {
                    examples++;
                    assertThat(t.example().input()).containsOnlyKeys("question", "context");
                    assertThat(t.example().input().get("context")).contains(t.example().output());
                    assertThat(t.example().input().get("question")).isEqualTo(row.cells().get("question").strip());
                } else {
                    assertThat(reason(o)).isIn(RejectReasons.ANSWER_NOT_IN_CONTEXT, RejectReasons.UNANSWERABLE, RejectReasons.TOO_LONG);
                }
            }
            assertThat(examples).as(dataset).isGreaterThan(15);
        }
    }

    @Test
    void qaRowsWithoutAnAnswerInTheContextAreRejected() {
        CandidateRow unanswerable = Samples.row(qa, "squad_v2", 0, Map.of("question", "Who?", "context", "Nobody knows.",
                "answer", "", "answer_start", "-1"), null);
        assertThat(reason(mapping.transform(unanswerable))).isEqualTo(RejectReasons.UNANSWERABLE);
        CandidateRow elsewhere = Samples.row(qa, "x", 1, Map.of("question", "Who?", "context", "Nobody knows.",
                "answer", "Alice"), null);
        assertThat(reason(mapping.transform(elsewhere))).isEqualTo(RejectReasons.ANSWER_NOT_IN_CONTEXT);
    }

    @Test
    void aRowWithNothingLikeTheTaskFieldsIsRejected() {
        CandidateRow row = Samples.row(nli, "conala", 0, Map.of("intent", "sort a list", "snippet", "sorted(x)",
                "label", "entailment"), null);
        assertThat(reason(mapping.transform(row))).isEqualTo(RejectReasons.NO_FIELD_MAPPING);
    }

    @Test
    void multipleChoiceRowsKeepTheirChoicesAndAnswerLetterAndAquaRatItsRationale() {
        TaskRequest mc = new TaskRequest("mc-task", "Answer the science question by picking an option.",
                io.rebase.contracts.TaskType.MULTIPLE_CHOICE, null,
                List.of(new io.rebase.contracts.TaskExample(Map.of("question", "What melts ice?", "choices",
                        "(A) heat (B) cold"), "A", null)), null, null, null, null);
        for (String dataset : List.of("openbookqa", "qasc", "aqua_rat")) {
            for (CandidateRow row : Samples.rows(dataset, mc, 20)) {
                TrainingExample e = example(mapping.transform(row));
                assertThat(e.input().get("choices")).isEqualTo(row.cells().get("choices").strip());
                assertThat(e.output()).isEqualTo(row.cells().get("answer"));
                if (dataset.equals("aqua_rat")) {
                    assertThat(e.rationale()).isEqualTo(row.cells().get("rationale").strip());
                } else {
                    assertThat(e.rationale()).isEmpty();
                }
            }
        }
    }

    @Test
    void gsm8kRowsForAGenerationTaskKeepTheSolutionAsRationale() {
        TaskRequest gen = new TaskRequest("gen-task", "Solve the math word problem.", io.rebase.contracts.TaskType.GENERATION,
                null, List.of(new io.rebase.contracts.TaskExample(Map.of("question", "What is 2 plus 3?"), "5", null)),
                null, null, null, null);
        for (CandidateRow row : Samples.rows("gsm8k", gen, 20)) {
            TrainingExample e = example(mapping.transform(row));
            assertThat(e.input().get("question")).isEqualTo(row.cells().get("question").strip());
            assertThat(e.output()).isEqualTo(row.cells().get("answer").strip());
            assertThat(e.rationale()).isEqualTo(row.cells().get("solution").strip());
        }
    }

    @Test
    void aGenerationTaskTakesNoClassLabelAsItsOutput() {
        TaskRequest code = new TaskRequest("code-task", "Write the Python snippet for the intent.",
                io.rebase.contracts.TaskType.GENERATION, null,
                List.of(new io.rebase.contracts.TaskExample(Map.of("intent", "sort list `a`"), "sorted(a)", null)),
                null, null, null, null);
        for (CandidateRow row : Samples.rows("rt_polarity", code, 10)) {
            assertThat(reason(mapping.transform(row))).isEqualTo(RejectReasons.NO_OUTPUT_COLUMN);
        }
        for (CandidateRow row : Samples.rows("conala", code, 10)) {
            assertThat(example(mapping.transform(row)).output()).isEqualTo(row.cells().get("snippet").strip());
        }
    }

    static TrainingExample example(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Transformed.class);
        return ((Outcome.Transformed) outcome).example();
    }

    static String reason(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        return ((Outcome.Rejected) outcome).reason();
    }
}
