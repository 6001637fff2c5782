package io.rebase.retriever.retrieval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact selection (row ids in rank order) of the sample tasks on a fixed datastore: the five bundled sample sets
 * and the JSON fixture, every other dataset excluded, exact search. Any change to the retrieval's rules shows here;
 * a refactoring must keep these lists.
 */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class SelectionPinTest {

    private static final List<String> NLI = List.of(
            "esnli/default/47", "commitmentbank/default/25", "fx_json/default/0", "esnli/default/59",
            "esnli/default/0", "esnli/default/4", "commitmentbank/default/42", "fx_json/default/1",
            "esnli/default/29", "commitmentbank/default/27", "fx_json/default/3", "esnli/default/14",
            "esnli/default/26", "commitmentbank/default/36", "esnli/default/21", "esnli/default/34",
            "commitmentbank/default/28", "commitmentbank/default/10", "commitmentbank/default/33",
            "commitmentbank/default/23", "commitmentbank/default/57");

    private static final List<String> SENTIMENT = List.of(
            "rt_polarity/default/43", "sst2/default/20", "rt_polarity/default/14",
            "rt_polarity/default/33", "sst2/default/4", "sst2/default/0", "sst2/default/50",
            "sst2/default/33", "sst2/default/49", "rt_polarity/default/23", "rt_polarity/default/39",
            "rt_polarity/default/16", "rt_polarity/default/35", "sst2/default/30");

    private static final List<String> QA = List.of(
            "covid_qa/default/4", "commitmentbank/default/2", "sst2/default/31", "covid_qa/default/30",
            "commitmentbank/default/49", "covid_qa/default/12", "commitmentbank/default/35",
            "covid_qa/default/11", "commitmentbank/default/16", "covid_qa/default/7",
            "commitmentbank/default/8", "covid_qa/default/13", "commitmentbank/default/18",
            "covid_qa/default/31", "commitmentbank/default/37", "covid_qa/default/36",
            "commitmentbank/default/54", "covid_qa/default/32", "commitmentbank/default/33",
            "covid_qa/default/22");

    private static final Set<String> DATASETS = Set.of("esnli", "sst2", "covid_qa", "commitmentbank", "rt_polarity", "fx_json");

    @BeforeEach
    void datastore() {
        TestDatastore.prepare();
        for (String d : DATASETS) {
            given().contentType(ContentType.JSON).body(Map.of("path", d)).queryParam("wait", true).post("/datasets")
                    .then().statusCode(200);
        }
    }

    @Test
    void nliSelectionIsPinned() throws Exception {
        assertThat(select("mnli-nli.json", 30, "\"decontaminationTexts\":[\"A man is playing a guitar on stage.\"]"))
                .containsExactlyElementsOf(NLI);
    }

    @Test
    void sentimentSelectionIsPinned() throws Exception {
        assertThat(select("sentiment.json", 24, "\"nearDuplicateThreshold\":0.9")).containsExactlyElementsOf(SENTIMENT);
    }

    @Test
    void extractiveQaSelectionIsPinned() throws Exception {
        assertThat(select("squad-qa.json", 20, "\"maxDatasetShare\":0.5")).containsExactlyElementsOf(QA);
    }

    private static List<String> select(String task, int topRows, String retrieval) throws Exception {
        List<String> others = new ArrayList<>(given().get("/datasets").then().statusCode(200).extract().jsonPath()
                .getList("name", String.class));
        others.removeAll(DATASETS);
        String excluded = others.stream().map(d -> "\"" + d + "\"").reduce((a, b) -> a + "," + b).orElse("");
        String body = RetrievalFlowTest.task(task, "pin-" + task, topRows, "{\"excludeDatasets\":[" + excluded + "]," + retrieval + "}");
        List<String> rows = given().contentType(ContentType.JSON).body(body).queryParam("exact", true).post("/retrievals")
                .then().statusCode(200).extract().jsonPath().getList("rows.rowId", String.class);
        return rows;
    }
}
