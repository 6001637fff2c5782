package io.rebase.retriever.retrieval;

import io.rebase.contracts.TaskExample;
import io.rebase.contracts.TaskRequest;
import io.rebase.contracts.TaskType;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.embedding.Embedder;
import io.rebase.retriever.ingest.CellText;
import io.rebase.retriever.store.VectorPoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ReBase signals on a small hand-made datastore, embedded with the real model, where the right order is known. */
@Tag(QuarkusTestGroups.SHARED_APP)
@io.quarkus.test.junit.QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(io.rebase.kafka.EmbeddedKafkaResource.class)
class RowScorerTest {

    // The service's own model: the tokenizer's native library can be loaded by one class loader only.
    @jakarta.inject.Inject
    Embedder injected;
    static Embedder embedder;
    static final CellText CUT = new CellText(List.of("split", "id"), 1000);
    static final Map<String, RowScorer.ConfigInfo> CONFIGS = new LinkedHashMap<>();
    static final Map<String, List<VectorPoint>> ROWS = new LinkedHashMap<>();

    @org.junit.jupiter.api.BeforeEach
    void datastore() {
        if (embedder != null) {
            return;
        }
        embedder = injected;
        config("nli", "Pairs of a premise and a hypothesis labelled entailment, neutral or contradiction. Task: natural language inference.",
                List.of("entailment", "neutral", "contradiction"));
        config("sentiment", "Movie review sentences labelled positive or negative. Task: sentiment classification.",
                List.of("positive", "negative"));
        config("qa", "Passages with questions whose answers are spans of the passage. Task: extractive question answering.", List.of());
        config("trivia", "Trivia questions with free-form answers. Task: open-domain question answering.", List.of());
        row("nli", 0, Map.of("premise", "A man is playing a guitar on a crowded stage.", "hypothesis", "A musician is performing.",
                "label", "entailment"));
        row("nli", 1, Map.of("premise", "Two children are building a sandcastle on the beach.", "hypothesis", "The kids are asleep indoors.",
                "label", "contradiction"));
        row("sentiment", 0, Map.of("sentence", "A man plays guitar on stage for two hours and it is painfully dull.", "label", "negative"));
        row("qa", 0, Map.of("context", "The modern classical guitar was developed in Spain in the 19th century by Antonio de Torres, "
                        + "who enlarged its body and fixed the design still used today.",
                "question", "In which country was the modern classical guitar developed?", "answer", "Spain"));
        row("trivia", 0, Map.of("context", "Guitars are string instruments played by plucking or strumming the strings with fingers or a pick.",
                "question", "In which country was the ukulele developed?", "answer", "Portugal"));
    }

    static void config(String name, String description, List<String> labels) {
        CONFIGS.put(name + "/default", new RowScorer.ConfigInfo(embedder.embed(description), labels));
    }

    static void row(String dataset, long index, Map<String, String> cells) {
        Map<String, String> ordered = new java.util.TreeMap<>(cells);
        List<String> columns = new ArrayList<>(ordered.keySet());
        List<float[]> vectors = embedder.embed(columns.stream().map(ordered::get).toList());
        List<VectorPoint> points = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            points.add(new VectorPoint(VectorPoint.idOf(dataset, "default", index, columns.get(i)), dataset + "/default/" + index,
                    dataset, "default", index, columns.get(i), CellText.spanOf(columns.get(i), ordered), vectors.get(i)));
        }
        ROWS.put(dataset + "/default/" + index, points);
    }

    static List<ScoredRow> rank(TaskRequest task) {
        RowScorer scorer = new RowScorer(TaskQueries.of(task, embedder, CUT), new Weights(1, 1, 1, 0.5, 0.5),
                task.labels() == null ? List.of() : task.labels(), task.taskType() == TaskType.EXTRACTIVE_QA, CONFIGS);
        List<ScoredRow> scored = new ArrayList<>();
        ROWS.forEach((id, cells) -> scored.add(scorer.score(id, cells)));
        scored.sort(Comparator.comparingDouble((ScoredRow r) -> r.scores().combined()).reversed());
        return scored;
    }

    @Test
    void nliTaskRanksPremiseHypothesisRowsWithItsLabelsFirst() {
        TaskRequest nli = new TaskRequest("t1", "Decide whether the premise entails the hypothesis, contradicts it, or is neutral.",
                TaskType.CLASSIFICATION, List.of("entailment", "neutral", "contradiction"), List.of(
                new TaskExample(Map.of("premise", "A woman is singing into a microphone at a concert.", "hypothesis", "Someone is making music."), "entailment", null),
                new TaskExample(Map.of("premise", "A dog runs across the snowy park.", "hypothesis", "The dog is sleeping on a sofa."), "contradiction", null)),
                null, null, null, null);
        List<ScoredRow> ranked = rank(nli);
        assertThat(ranked.subList(0, 2)).extracting(ScoredRow::dataset).containsOnly("nli");
        ScoredRow best = ranked.get(0);
        assertThat(best.scores().inputColumn()).isIn("premise", "hypothesis");
        assertThat(best.scores().outputColumn()).isEqualTo("label");
        assertThat(best.scores().output()).isGreaterThan(0.99);
        assertThat(best.labels()).isEqualTo(1.0);
        ScoredRow sentiment = ranked.stream().filter(r -> r.dataset().equals("sentiment")).findFirst().orElseThrow();
        // The sentiment row has one sentence cell: it cannot match both input fields.
        assertThat(sentiment.scores().input()).isLessThan(best.scores().input());
        assertThat(sentiment.labels()).isZero();
        assertThat(best.scores().description()).isGreaterThan(sentiment.scores().description());
    }

    @Test
    void extractiveQaTaskPrefersRowsWhoseAnswerIsASpanOfTheirContext() {
        TaskRequest qa = new TaskRequest("t2", "Answer the question with a span copied from the passage.", TaskType.EXTRACTIVE_QA, null,
                List.of(new TaskExample(Map.of("question", "In what country is Normandy located?", "context",
                        "The Normans gave their name to Normandy, a region in France, in the 10th and 11th centuries."), "France", null)),
                null, null, null, null);
        List<ScoredRow> ranked = rank(qa);
        assertThat(ranked.get(0).rowId()).isEqualTo("qa/default/0");
        assertThat(ranked.get(0).extractive()).isEqualTo(1.0);
        assertThat(ranked.get(0).scores().outputColumn()).isEqualTo("answer");
        ScoredRow trivia = ranked.stream().filter(r -> r.dataset().equals("trivia")).findFirst().orElseThrow();
        assertThat(trivia.extractive()).isZero();
        assertThat(ranked.indexOf(trivia)).isGreaterThan(0);
        assertThat(ranked.get(ranked.size() - 1).dataset()).isIn("nli", "sentiment");
    }

    @Test
    void weightsChangeTheOrder() {
        TaskRequest sentimentTask = new TaskRequest("t3", "Classify the sentiment of a movie review.", TaskType.CLASSIFICATION,
                List.of("positive", "negative"), List.of(new TaskExample(Map.of("sentence", "A tedious, dull evening at the theatre."), "negative", null)),
                null, null, null, null);
        assertThat(rank(sentimentTask).get(0).dataset()).isEqualTo("sentiment");
    }

    @Test
    void theShapeSignalPrefersPassagesAsLongAsTheExamples() {
        // The same row twice, once in a config of tweet-length passages and once in one of paragraph-length passages:
        // by the embeddings alone they tie; the shape signal puts the paragraph config first.
        String passage = "The modern classical guitar was developed in Spain in the 19th century by Antonio de Torres, "
                + "who enlarged its body and fixed the design still used today.";
        Map<String, String> cells = Map.of("context", passage, "question", "Where was the modern guitar developed?", "answer", "Spain");
        float[] description = embedder.embed("Passages with questions whose answers are spans of the passage.");
        Map<String, RowScorer.ConfigInfo> configs = Map.of(
                "tweets/default", new RowScorer.ConfigInfo(description, List.of(), profile(Map.of("context", 18.0, "question", 7.0, "answer", 2.0), 0)),
                "paragraphs/default", new RowScorer.ConfigInfo(description, List.of(), profile(Map.of("context", 120.0, "question", 9.0, "answer", 3.0), 0)),
                "copied/default", new RowScorer.ConfigInfo(description, List.of(), profile(Map.of("context", 120.0, "question", 9.0, "answer", 3.0), 0.5)));
        String example = String.join(" ", java.util.Collections.nCopies(10, "The Normans gave their name to Normandy, a region in France."));
        TaskRequest qa = new TaskRequest("t4", "Answer the question with a span copied from the passage.", TaskType.EXTRACTIVE_QA, null,
                List.of(new TaskExample(Map.of("question", "In what country is Normandy located?", "context", example), "France", null)),
                null, null, null, null);
        TaskQueries queries = TaskQueries.of(qa, embedder, CUT);
        assertThat(queries.fieldWords()).containsEntry("context", 110.0).containsEntry("question", 6.0);
        assertThat(queries.outputIn()).containsEntry("context", 1.0).containsEntry("question", 0.0);
        Map<String, ScoredRow> withLength = new LinkedHashMap<>();
        Map<String, ScoredRow> without = new LinkedHashMap<>();
        for (String dataset : List.of("tweets", "paragraphs", "copied")) {
            List<VectorPoint> points = points(dataset, cells);
            withLength.put(dataset, new RowScorer(queries, new Weights(1, 1, 1, 0.5, 0.5, 1), List.of(), true, configs)
                    .score(dataset + "/default/0", points));
            without.put(dataset, new RowScorer(queries, new Weights(1, 1, 1, 0.5, 0.5, 0), List.of(), true, configs)
                    .score(dataset + "/default/0", points));
        }
        assertThat(without.get("tweets").scores().combined()).isEqualTo(without.get("paragraphs").scores().combined());
        assertThat(withLength.get("paragraphs").scores().combined()).isGreaterThan(withLength.get("tweets").scores().combined());
        // context: |ln(121/111)| / ln 8 = 0.04; question: |ln(10/7)| / ln 8 = 0.17 -> 1 - 0.11
        assertThat(withLength.get("paragraphs").shape()).isCloseTo(0.89, org.assertj.core.data.Offset.offset(0.01));
        // context: |ln(19/111)| / ln 8 = 0.85; question: |ln(8/7)| / ln 8 = 0.06 -> 1 - 0.45
        assertThat(withLength.get("tweets").shape()).isCloseTo(0.55, org.assertj.core.data.Offset.offset(0.01));
        // the examples' answers are never in their question; this config's are in half of them: 1 - (0.21 + 0.5) / 2
        assertThat(withLength.get("copied").shape()).isCloseTo(0.64, org.assertj.core.data.Offset.offset(0.01));
        assertThat(withLength.get("copied").scores().combined()).isLessThan(withLength.get("paragraphs").scores().combined());
    }

    /** A profile with these column lengths whose answers occur in the question in {@code copied} of the rows, always in the context. */
    private static ColumnProfiles.Profile profile(Map<String, Double> words, double copied) {
        return new ColumnProfiles.Profile(words, Map.of("answer\u0000question", copied, "answer\u0000context", 1.0));
    }

    private static List<VectorPoint> points(String dataset, Map<String, String> cells) {
        Map<String, String> ordered = new java.util.TreeMap<>(cells);
        List<String> columns = new ArrayList<>(ordered.keySet());
        List<float[]> vectors = embedder.embed(columns.stream().map(ordered::get).toList());
        List<VectorPoint> points = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            points.add(new VectorPoint(VectorPoint.idOf(dataset, "default", 0, columns.get(i)), dataset + "/default/0",
                    dataset, "default", 0, columns.get(i), CellText.spanOf(columns.get(i), ordered), vectors.get(i)));
        }
        return points;
    }
}
