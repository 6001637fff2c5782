package io.rebase.retriever.retrieval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.contracts.Json;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows of configs whose labels are none of a classification task's: a subjectivity set of movie-review sentences,
 * close to a sentiment task's examples, next to a small sentiment set. The offline transformer can only reject the
 * subjectivity rows, so they are not selected, unless the task's transformation is an LLM (which relabels them) or no
 * config shares a label with the task at all. Sets without a card (no label names on record) keep the rows whose
 * output cell names one of the task's labels.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class ForeignLabelsTest {

    private static final String[] SENTIMENT = {"a warm , funny film that anyone can enjoy .", "a tedious , joyless mess of a movie .",
            "the cast is wonderful and the story moves .", "dull characters and a plot that goes nowhere ."};
    private static final String[] SUBJECTIVE = {"the film is a delight from start to finish .", "a clumsy , overlong drama that never finds its tone .",
            "the director 's best work , full of heart .", "the jokes fall flat and the pacing drags .",
            "a gorgeous , moving story told with care .", "an irritating film with nothing to say .",
            "the movie follows a family moving to a small town .", "the story is set in paris in the nineteen twenties .",
            "the film was shot over six weeks in new mexico .", "she plays a lawyer who returns to her home town .",
            "the sequel opens two years after the first film .", "the plot follows three friends on a road trip ."};

    private static final String[] CARDLESS_REVIEWS = {"a charming film , warm and funny .", "a dreary film with a dull plot ."};
    private static final String[] CARDLESS_TRIVIA = {"which film won the award for best picture ?", "who directed the film about the family ?"};

    private static String sentimentSet;
    private static String subjectivitySet;
    private static String cardlessReviews;
    private static String cardlessTrivia;

    @BeforeEach
    void fixture() throws Exception {
        TestDatastore.prepare();
        if (sentimentSet != null) {
            return;
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sentimentSet = write("fx_opinions_" + suffix, SENTIMENT, List.of("positive", "negative"), i -> i % 2 == 0 ? "positive" : "negative");
        subjectivitySet = write("fx_subjectivity_" + suffix, SUBJECTIVE, List.of("subjective", "objective"),
                i -> i < 6 ? "subjective" : "objective");
        cardlessReviews = writeWithoutCard("fx_cardless_reviews_" + suffix, CARDLESS_REVIEWS, "label", i -> i == 0 ? "positive" : "negative");
        cardlessTrivia = writeWithoutCard("fx_cardless_trivia_" + suffix, CARDLESS_TRIVIA, "answer", i -> i == 0 ? "Parasite" : "the director");
    }

    @Test
    void rowsWhoseLabelsTheMappingCannotMapAreNotSelected() throws Exception {
        JsonPath selection = retrieve(List.of("positive", "negative"), null);
        assertThat(selection.getList("rows.dataset", String.class)).hasSize(SENTIMENT.length).containsOnly(sentimentSet);
        assertThat(selection.getList("foreignLabelConfigs", String.class)).contains(subjectivitySet + "/default");
    }

    @Test
    void anLlmTransformationKeepsThemBecauseItRelabelsThem() throws Exception {
        JsonPath selection = retrieve(List.of("positive", "negative"), "llm");
        assertThat(selection.getList("rows.dataset", String.class)).contains(sentimentSet, subjectivitySet);
        assertThat(selection.getList("foreignLabelConfigs", String.class)).isEmpty();
    }

    @Test
    void labelsNoConfigSharesLeaveEveryRowToTheTransformer() throws Exception {
        // "glad" / "gloomy" are nobody's labels: only the transformer's label similarity can map rows onto them
        JsonPath selection = retrieve(List.of("glad", "gloomy"), null);
        assertThat(selection.getList("rows.dataset", String.class)).contains(sentimentSet, subjectivitySet);
        assertThat(selection.getList("foreignLabelConfigs", String.class)).isEmpty();
    }

    @Test
    void synonymsCountAsSharedLabels() throws Exception {
        // "pos" / "neg" mean the sentiment set's labels (the offline transformer maps them): that set is not foreign
        JsonPath selection = retrieve(List.of("pos", "neg"), "mapping");
        assertThat(selection.getList("rows.dataset", String.class)).containsOnly(sentimentSet);
        assertThat(selection.getList("foreignLabelConfigs", String.class)).contains(subjectivitySet + "/default")
                .doesNotContain(sentimentSet + "/default");
    }

    @Test
    void rowsOfConfigsWithoutCardLabelsAreKeptWhenTheirOutputCellNamesATaskLabel() throws Exception {
        // neither card-less set has label names on record: the reviews' label cells are the task's labels, the trivia
        // answers are not
        JsonPath selection = retrieve(List.of("positive", "negative"), null, sentimentSet, cardlessReviews, cardlessTrivia);
        List<String> datasets = selection.getList("rows.dataset", String.class);
        assertThat(datasets).contains(sentimentSet, cardlessReviews).doesNotContain(cardlessTrivia);
        assertThat(datasets.stream().filter(cardlessReviews::equals)).hasSize(CARDLESS_REVIEWS.length);
        assertThat(selection.getInt("foreignLabelRows")).isGreaterThanOrEqualTo(CARDLESS_TRIVIA.length);
        assertThat(selection.getList("foreignLabelConfigs", String.class)).doesNotContain(cardlessTrivia + "/default");

        JsonPath relabelled = retrieve(List.of("positive", "negative"), "llm", sentimentSet, cardlessReviews, cardlessTrivia);
        assertThat(relabelled.getList("rows.dataset", String.class)).contains(cardlessTrivia);
        assertThat(relabelled.getInt("foreignLabelRows")).isZero();
    }

    private static JsonPath retrieve(List<String> labels, String mode) throws Exception {
        return retrieve(labels, mode, sentimentSet, subjectivitySet);
    }

    /** A preview over the named fixture sets only (every other registered dataset excluded). */
    private static JsonPath retrieve(List<String> labels, String mode, String... datasets) throws Exception {
        List<String> others = new ArrayList<>(given().get("/datasets").then().statusCode(200).extract().jsonPath().getList("name", String.class));
        others.removeAll(List.of(datasets));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", "foreign-" + UUID.randomUUID().toString().substring(0, 8));
        task.put("instruction", "Classify the sentiment of a movie review sentence.");
        task.put("taskType", "classification");
        task.put("labels", labels);
        task.put("examples", List.of(
                Map.of("input", Map.of("sentence", "a lovely , touching film ."), "output", labels.get(0)),
                Map.of("input", Map.of("sentence", "a boring film with flat jokes ."), "output", labels.get(1))));
        task.put("retrieval", Map.of("topRows", 12, "maxDatasetShare", 1.0, "excludeDatasets", others));
        if (mode != null) {
            task.put("transform", Map.of("mode", mode));
        }
        return given().contentType(ContentType.JSON).body(Json.write(task)).post("/retrievals")
                .then().statusCode(200).extract().jsonPath();
    }

    /** A dataset without a card: no label names on record, whatever its columns hold. */
    private static String writeWithoutCard(String name, String[] texts, String column, java.util.function.IntFunction<String> valueOf) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            jsonl.append(Json.write(Map.of("text", texts[i], column, valueOf.apply(i)))).append('\n');
        }
        Path folder = Files.createDirectories(TestDatastore.ROOT.resolve(name));
        Files.writeString(folder.resolve("default.jsonl"), jsonl.toString());
        given().contentType(ContentType.JSON).body(Map.of("path", name)).queryParam("wait", true).post("/datasets").then().statusCode(200);
        return name;
    }

    private static String write(String name, String[] texts, List<String> labels, java.util.function.IntFunction<String> labelOf) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            jsonl.append(Json.write(Map.of("text", texts[i], "label", labelOf.apply(i)))).append('\n');
        }
        Path folder = Files.createDirectories(TestDatastore.ROOT.resolve(name));
        Files.writeString(folder.resolve("default.jsonl"), jsonl.toString());
        Files.writeString(folder.resolve("dataset.json"), Json.write(Map.of("name", name, "description", "Movie review sentences.",
                "task_type", "text classification", "configs", List.of(Map.of("name", "default", "file", "default.jsonl",
                        "description", "sentence and label", "labels", labels)))));
        given().contentType(ContentType.JSON).body(Map.of("path", name)).queryParam("wait", true).post("/datasets").then().statusCode(200);
        return name;
    }
}
