package io.rebase.retriever.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rebase.kafka.EmbeddedKafkaResource;
import io.rebase.kafka.QuarkusTestGroups;
import io.rebase.retriever.TestDatastore;
import io.rebase.retriever.domain.ConfigEntity;
import io.rebase.retriever.domain.RowEntity;
import io.rebase.retriever.store.VectorStore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Ingestion through {@code POST /datasets}: every format, bad records, idempotence, resume, path traversal. */
@Tag(QuarkusTestGroups.SHARED_APP)
@QuarkusTest
@QuarkusTestResource(EmbeddedKafkaResource.class)
class DatasetResourceTest {

    @Inject
    VectorStore store;

    @BeforeEach
    void datastore() {
        TestDatastore.prepare();
    }

    static JsonPath ingest(String path) {
        return given().contentType(ContentType.JSON).body(Map.of("path", path)).queryParam("wait", true)
                .post("/datasets").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> dataset(String name) {
        return given().get("/datasets/" + name).then().statusCode(200).extract().jsonPath().getMap("");
    }

    @Test
    void ingestsEveryFormatAndReportsMalformedRecordsByFileAndLine() {
        ingest("fx_csv");
        ingest("fx_tsv");
        ingest("fx_json");
        ingest("fx_jsonl");

        JsonPath csv = given().get("/datasets/fx_csv").then().statusCode(200).extract().jsonPath();
        assertThat(csv.getString("status")).isEqualTo("DONE_WITH_ERRORS");
        assertThat(csv.getLong("rows")).isEqualTo(4);
        assertThat(csv.getLong("skippedRows")).isEqualTo(1);
        // id columns are kept in the payload, not embedded: 2 cells per row.
        assertThat(csv.getLong("cells")).isEqualTo(8);
        assertThat(csv.getList("configs[0].errors", String.class)).singleElement().asString()
                .contains("fx_csv/default.csv:5").contains("expected 3 fields, found 5");
        Map<String, String> quoted = rowCells("fx_csv/default/1");
        assertThat(quoted).containsEntry("question", "Who wrote \"Hamlet\"?").containsEntry("id", "q2");

        JsonPath tsv = given().get("/datasets/fx_tsv").then().statusCode(200).extract().jsonPath();
        assertThat(tsv.getBoolean("cardInferred")).isTrue();
        assertThat(tsv.getString("configs[0].name")).isEqualTo("train");
        assertThat(tsv.getLong("rows")).isEqualTo(3);
        assertThat(tsv.getList("configs[0].errors", String.class)).singleElement().asString().contains("fx_tsv/train.tsv:4");

        JsonPath json = given().get("/datasets/fx_json").then().statusCode(200).extract().jsonPath();
        assertThat(json.getLong("rows")).isEqualTo(3);
        assertThat(json.getList("configs[0].labels", String.class)).containsExactly("entailment", "neutral", "contradiction");
        assertThat(json.getList("configs[0].errors", String.class)).singleElement().asString()
                .contains("fx_json/default.json:4").contains("expected a JSON object");
        assertThat(rowCells("fx_json/default/3")).containsEntry("score", "3");

        JsonPath jsonl = given().get("/datasets/fx_jsonl").then().statusCode(200).extract().jsonPath();
        assertThat(jsonl.getLong("rows")).isEqualTo(19);
        assertThat(jsonl.getLong("skippedRows")).isEqualTo(1);
        assertThat(jsonl.getList("configs[0].errors", String.class)).singleElement().asString()
                .contains("fx_jsonl/default.jsonl:8").contains("malformed JSON");
        // "split" is not embedded: sentence + label.
        assertThat(jsonl.getLong("cells")).isEqualTo(38);
    }

    @Test
    void aBrokenCardFailsThatDatasetOnlyWithAClearError() {
        JsonPath all = ingest("*");
        assertThat(all.getList("datasets.name", String.class)).contains("esnli", "fx_csv", "fx_broken_card");
        Map<String, Object> broken = dataset("fx_broken_card");
        assertThat(broken.get("status")).isEqualTo("FAILED");
        assertThat((String) broken.get("lastError")).contains("dataset.json").contains("malformed dataset card");
        assertThat(dataset("esnli").get("status")).isEqualTo("DONE");
        assertThat(((Number) dataset("esnli").get("rows")).longValue()).isEqualTo(60);
    }

    @Test
    void ingestingTwiceChangesNothing() {
        ingest("esnli");
        long cells = store.count();
        long rows = QuarkusTransaction.requiringNew().call(() -> RowEntity.count());
        Map<String, Object> before = dataset("esnli");

        JsonPath again = ingest("esnli");
        assertThat(again.getLong("stats.rows")).isZero();
        assertThat(again.getLong("stats.cells")).isZero();
        assertThat(store.count()).isEqualTo(cells);
        assertThat(QuarkusTransaction.requiringNew().call(() -> RowEntity.count())).isEqualTo(rows);
        assertThat(dataset("esnli").get("cells")).isEqualTo(before.get("cells"));
    }

    @Test
    void repeatedCellTextsAreEmbeddedOnceAndStoredAsTies() throws Exception {
        // A fresh dataset whose texts no other test has embedded: one passage shared by 10 rows (3 batches of
        // 4 rows in tests, so repeats within a batch and across batches), 2 labels, 10 distinct questions.
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        String passage = "Shared passage " + tag + ": the river rises in the northern hills and reaches the sea after 300 km.";
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            jsonl.append(io.rebase.contracts.Json.write(Map.of("passage", passage, "question",
                    "Question " + i + " about the river " + tag + "?", "label", (i % 2 == 0 ? "agree-" : "disagree-") + tag))).append('\n');
        }
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(TestDatastore.ROOT.resolve("fx_repeats_" + tag));
        java.nio.file.Files.writeString(folder.resolve("train.jsonl"), jsonl.toString());

        JsonPath stats = ingest("fx_repeats_" + tag);
        assertThat(stats.getLong("stats.cells")).isEqualTo(30);
        assertThat(stats.getLong("stats.embeddedTexts")).isEqualTo(13);
        assertThat(stats.getLong("stats.savedEmbeddings")).isEqualTo(17);
        // Every copy of a text carries its hash: retrieval finds all rows holding it.
        Map<String, List<String>> ties = store.rowsOfTexts(List.of(io.rebase.retriever.store.VectorPoint.textHashOf(passage),
                io.rebase.retriever.store.VectorPoint.textHashOf("agree-" + tag)), 100, java.util.Set.of(), null);
        assertThat(ties.get(io.rebase.retriever.store.VectorPoint.textHashOf(passage))).hasSize(10);
        assertThat(ties.get(io.rebase.retriever.store.VectorPoint.textHashOf("agree-" + tag))).hasSize(5);
        assertThat(given().get("/q/metrics").then().extract().asString()).contains("rebase_ingest_embeddings_saved_total");
    }

    @Test
    void aCrashedIngestResumesAfterItsLastCheckpoint() {
        ingest("fx_jsonl");
        long cellsBefore = store.count();
        // What a crash after the checkpoint at record 8 leaves: the registry at 8, the index possibly further.
        QuarkusTransaction.requiringNew().run(() -> {
            ConfigEntity c = ConfigEntity.findById("fx_jsonl/default");
            c.nextRecord = 8;
            c.rows = 7;
            c.cells = 14;
            c.skippedRows = 1;
            c.complete = false;
            RowEntity.delete("dataset = ?1 and rowIndex >= ?2", "fx_jsonl", 8L);
        });

        JsonPath resumed = ingest("fx_jsonl");
        assertThat(resumed.getLong("stats.rows")).isEqualTo(12);
        assertThat(resumed.getLong("stats.skippedRows")).isZero();
        JsonPath after = given().get("/datasets/fx_jsonl").then().extract().jsonPath();
        assertThat(after.getLong("rows")).isEqualTo(19);
        assertThat(after.getLong("skippedRows")).isEqualTo(1);
        assertThat(after.getBoolean("configs[0].complete")).isTrue();
        assertThat(store.count()).isEqualTo(cellsBefore);
        assertThat(QuarkusTransaction.requiringNew().call(() -> RowEntity.count("dataset", "fx_jsonl"))).isEqualTo(19);
        assertThat(store.pointsOfRows(List.of("fx_jsonl/default/19")).get("fx_jsonl/default/19")).hasSize(2);
    }

    @Test
    void aConfigEmbeddedByAnotherModelIsIngestedAgain() {
        ingest("fx_jsonl");
        long cells = store.count();
        String model = QuarkusTransaction.requiringNew().call(
                () -> ConfigEntity.<ConfigEntity>findById("fx_jsonl/default").embeddingModel);
        assertThat(model).isNotBlank();
        // what the registry of an installation that ingested with another model looks like
        QuarkusTransaction.requiringNew().run(() -> ConfigEntity.<ConfigEntity>findById("fx_jsonl/default").embeddingModel = "other-model");

        JsonPath again = ingest("fx_jsonl");
        assertThat(again.getLong("stats.rows")).isEqualTo(19);
        assertThat(QuarkusTransaction.requiringNew().call(
                () -> ConfigEntity.<ConfigEntity>findById("fx_jsonl/default").embeddingModel)).isEqualTo(model);
        assertThat(store.count()).isEqualTo(cells);
        assertThat(QuarkusTransaction.requiringNew().call(() -> RowEntity.count("dataset", "fx_jsonl"))).isEqualTo(19);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside-datastore", "/etc", "esnli/../../outside-datastore", "..", "."})
    void pathsOutsideTheRootAreRefused(String path) {
        String error = given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/datasets")
                .then().statusCode(400).extract().jsonPath().getString("error");
        assertThat(error).contains("outside the datastore root");
    }

    /**
     * Links leading out of the datastore: a dataset folder found by {@code *}, a data file and a card. Each is refused
     * (400 for the folder, the config or dataset FAILED naming the file) and no row is read from outside.
     */
    @Test
    void symbolicLinksLeadingOutOfTheDatastoreAreRefusedOnEveryPath() throws Exception {
        Path outside = Files.createDirectories(Path.of("target/outside-datastore-links"));
        Files.writeString(outside.resolve("secret.jsonl"), "{\"text\": \"a secret outside the datastore\", \"label\": \"x\"}\n");
        Files.writeString(outside.resolve("dataset.json"), "{\"name\": \"fx_stolen_card\", \"configs\": [{\"name\": \"default\", \"file\": \"default.jsonl\"}]}");
        Path folderLink = TestDatastore.ROOT.resolve("fx_link_folder");
        Path fileLinkDataset = TestDatastore.ROOT.resolve("fx_link_file");
        Path cardLinkDataset = TestDatastore.ROOT.resolve("fx_link_card");
        try {
            Files.createSymbolicLink(folderLink, outside.toAbsolutePath());
            Files.createDirectories(fileLinkDataset);
            Files.createSymbolicLink(fileLinkDataset.resolve("default.jsonl"), outside.resolve("secret.jsonl").toAbsolutePath());
            Files.createDirectories(cardLinkDataset);
            Files.createSymbolicLink(cardLinkDataset.resolve("dataset.json"), outside.resolve("dataset.json").toAbsolutePath());
            Files.writeString(cardLinkDataset.resolve("default.jsonl"), "{\"text\": \"inside\", \"label\": \"y\"}\n");

            for (String path : List.of("*", "fx_link_folder")) {
                String error = given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/datasets")
                        .then().statusCode(400).extract().jsonPath().getString("error");
                assertThat(error).as(path).contains("fx_link_folder").contains("outside the datastore root");
            }
            given().get("/datasets/fx_link_folder").then().statusCode(404);

            ingest("fx_link_file");
            Map<String, Object> file = dataset("fx_link_file");
            assertThat(file.get("status")).isEqualTo("FAILED");
            assertThat(((Number) file.get("rows")).longValue()).isZero();
            assertThat(given().get("/datasets/fx_link_file").then().extract().jsonPath().getList("configs[0].errors", String.class))
                    .singleElement().asString().contains("default.jsonl").contains("symbolic link leading out");

            ingest("fx_link_card");
            Map<String, Object> card = dataset("fx_link_card");
            assertThat(card.get("status")).isEqualTo("FAILED");
            assertThat((String) card.get("lastError")).contains("dataset.json").contains("symbolic link");
            given().get("/datasets/fx_stolen_card").then().statusCode(404);

            assertThat(QuarkusTransaction.requiringNew().call(() -> RowEntity.count("cells like ?1", "%secret outside%"))).isZero();
        } finally {
            // the other tests ingest "*" from the same datastore
            Files.deleteIfExists(folderLink);
            Files.deleteIfExists(fileLinkDataset.resolve("default.jsonl"));
            Files.deleteIfExists(fileLinkDataset);
            Files.deleteIfExists(cardLinkDataset.resolve("dataset.json"));
            Files.deleteIfExists(cardLinkDataset.resolve("default.jsonl"));
            Files.deleteIfExists(cardLinkDataset);
        }
    }

    @Test
    void unknownFolderIs404AndMissingPathIs400() {
        given().contentType(ContentType.JSON).body(Map.of("path", "no_such_dataset")).post("/datasets").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}").post("/datasets").then().statusCode(400);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> rowCells(String rowId) {
        String json = QuarkusTransaction.requiringNew().call(() -> RowEntity.<RowEntity>findById(rowId).cells);
        return io.rebase.contracts.Json.read(json, Map.class);
    }
}
